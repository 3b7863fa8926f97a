import assert from "node:assert/strict";
import { OwnPrediction, type OwnServerState, type Reconciliation } from "../../../client/src/net/OwnPrediction.ts";
import { CORRECTION_SNAP_U, PLAYER_SPEED, RAPID_FIRE_TICKS, STEP_MS, STEP_SECONDS } from "../../../shared/constants.ts";
import type { ArenaMap } from "../../../shared/sim/map.ts";
import { stepMovement } from "../../../shared/sim/movement.ts";
import { snapX, snapY } from "../../../shared/sim/quantize.ts";
import { createRng } from "../../../shared/sim/random.ts";
import { Button, type InputLike, type MovingPlayer } from "../../../shared/sim/types.ts";
import { stepWeapon } from "../../../shared/sim/weapon.ts";
import { freshPlayer, openMap } from "../../helpers/world.ts";

const WALK_STEP_U = PLAYER_SPEED * STEP_SECONDS;

/** A box of thick walls around (1200, 1200) with a pillar inside: a wandering player keeps running into them. */
const boxedMap = openMap([
  { x: 880, y: 880, w: 120, h: 640 },
  { x: 1400, y: 880, w: 120, h: 640 },
  { x: 880, y: 880, w: 640, h: 120 },
  { x: 880, y: 1400, w: 640, h: 120 },
  { x: 1180, y: 1180, w: 40, h: 40 },
]);

/** A fresh player at (x, y) as the server would hold it: at wire precision. */
const playerAt = (x: number, y: number) => freshPlayer(snapX(x), snapY(y));

const idle = (over: Partial<InputLike> = {}): InputLike => ({ mx: 0, my: 0, aim: 0, buttons: 0, ...over });

/** Seeded inputs: a direction held for a few ticks at a time, the aim anywhere, fire and dash pressed at random. */
function inputScript(seed: number, count: number, fireChance = 0.4): InputLike[] {
  const rng = createRng(seed);
  const inputs: InputLike[] = [];
  let mx = 0, my = 0, hold = 0;
  for (let i = 0; i < count; i++) {
    if (hold-- <= 0) {
      mx = rng.int(-1, 1);
      my = rng.int(-1, 1);
      hold = rng.int(3, 20);
    }
    let buttons = 0;
    if (rng.next() < fireChance) buttons |= Button.FIRE;
    if (rng.next() < 0.04) buttons |= Button.DASH;
    inputs.push({ mx, my, aim: rng.range(-Math.PI, Math.PI), buttons });
  }
  return inputs;
}

const moving = (p: MovingPlayer): MovingPlayer => ({
  x: p.x, y: p.y, aim: p.aim, dashTicks: p.dashTicks, dashCooldown: p.dashCooldown, fireCooldown: p.fireCooldown, rapidFireTicks: p.rapidFireTicks,
});

/** The authoritative side: applies each input in order with the shared rules, as ArenaGame does. */
class FakeServer {
  readonly player: OwnServerState;
  ack = 0;
  /** Whether each input fired, by sequence number. */
  readonly fired = new Map<number, boolean>();
  /** Walking steps a wall shortened. */
  blockedSteps = 0;

  constructor(private readonly map: ArenaMap, x: number, y: number) {
    this.player = { ...playerAt(x, y), alive: true };
  }

  apply(seq: number, input: InputLike): void {
    assert.equal(seq, this.ack + 1, "the server applies inputs in order");
    const { x, y } = this.player;
    if (this.player.alive) {
      stepMovement(this.player, input, this.map);
      this.fired.set(seq, stepWeapon(this.player, input));
      if ((input.mx || input.my) && Math.hypot(this.player.x - x, this.player.y - y) < WALK_STEP_U * 0.9) this.blockedSteps++;
    }
    this.ack = seq;
  }

  patch(): Patch {
    return { ack: this.ack, state: { ...this.player } };
  }
}

interface Patch {
  ack: number;
  state: OwnServerState;
}

/** The acked server state stepped through the inputs still pending: what replaying them must give. */
function replayedByHand(patch: Patch, inputs: InputLike[], lastSeq: number, map: ArenaMap): MovingPlayer {
  const p = moving(patch.state);
  if (patch.state.alive) {
    for (let seq = patch.ack + 1; seq <= lastSeq; seq++) {
      stepMovement(p, inputs[seq - 1], map);
      stepWeapon(p, inputs[seq - 1]);
    }
  }
  return p;
}

interface LinkOptions {
  seed: number;
  /** Ticks an input takes to reach the server, plus up to `jitter` more (order kept, as over TCP). */
  up: number;
  /** Ticks a patch takes to reach the client, plus up to `jitter` more. */
  down: number;
  jitter: number;
  /** Called each tick after the client sent its input, before the server applies what arrived: the client draws here, the server may change behind its back. */
  onTick?: (tick: number, server: FakeServer) => void;
  /** Called after each reconciliation. */
  onReconcile?: (result: Reconciliation | null, patch: Patch, lastSeq: number) => void;
}

/**
 * Plays `inputs` one per tick over a delayed link: the client predicts each input as it sends
 * it, the server applies it when it arrives and sends a patch after two ticks of every three
 * (a 20 Hz patch rate over 30 Hz ticks), the client reconciles with each patch as it arrives.
 * Runs until every input is acknowledged. Returns what the client predicted each input fired.
 */
function playOverLink(prediction: OwnPrediction, server: FakeServer, inputs: InputLike[], options: LinkOptions): Map<number, boolean> {
  const rng = createRng(options.seed);
  const predictedFire = new Map<number, boolean>();
  const toServer: { at: number; seq: number }[] = [];
  const toClient: { at: number; patch: Patch }[] = [];
  let lastInputAt = 0, lastPatchAt = 0;
  for (let tick = 1; tick <= inputs.length + 100; tick++) {
    while (toClient.length && toClient[0].at <= tick) {
      const { patch } = toClient.shift()!;
      const result = prediction.reconcile(patch.ack, patch.state, true);
      options.onReconcile?.(result, patch, Math.min(tick - 1, inputs.length));
    }
    if (tick <= inputs.length) {
      predictedFire.set(tick, prediction.apply(tick, inputs[tick - 1], true));
      toServer.push({ at: lastInputAt = Math.max(lastInputAt, tick + options.up + rng.int(0, options.jitter)), seq: tick });
    }
    options.onTick?.(tick, server);
    while (toServer.length && toServer[0].at <= tick) server.apply(toServer[0].seq, inputs[toServer.shift()!.seq - 1]);
    if (tick % 3 !== 0) toClient.push({ at: lastPatchAt = Math.max(lastPatchAt, tick + options.down + rng.int(0, options.jitter)), patch: server.patch() });
  }
  assert.equal(server.ack, inputs.length, "the server got every input");
  return predictedFire;
}

/** A prediction that has adopted a server state at (x, y) with nothing pending. */
function settled(map: ArenaMap, x: number, y: number): OwnPrediction {
  const prediction = new OwnPrediction(map);
  prediction.reconcile(0, { ...playerAt(x, y), alive: true }, true);
  return prediction;
}

const drawnAt = (prediction: OwnPrediction, fraction: number, deltaMs: number) => prediction.drawn(fraction, deltaMs, { x: 0, y: 0 });

describe("OwnPrediction", () => {
  it("predicts exactly what the server will compute: no error at any acknowledged input, no correction, along walls", () => {
    const inputs = inputScript(11, 900);
    const server = new FakeServer(boxedMap, 1100, 1100);
    const prediction = new OwnPrediction(boxedMap);
    const results: Reconciliation[] = [];
    let maxPending = 0, checkedAcks = 0;
    const predictedFire = playOverLink(prediction, server, inputs, {
      seed: 5, up: 3, down: 3, jitter: 3,
      onReconcile: (result, patch, lastSeq) => {
        assert.ok(result, `the patch acknowledging ${patch.ack} is taken`);
        results.push(result);
        maxPending = Math.max(maxPending, prediction.pendingCount);
        assert.equal(prediction.pendingCount, lastSeq - patch.ack, "every input the server has not applied stays pending");
        assert.deepEqual(moving(prediction.state), replayedByHand(patch, inputs, lastSeq, boxedMap), `replayed on top of ack ${patch.ack}`);
        if (result.errorAtAck !== null) checkedAcks++;
      },
    });

    assert.equal(results[0].snapped, true, "the first server state is adopted as it is");
    for (const [i, result] of results.entries()) {
      assert.ok(result.errorAtAck === null || result.errorAtAck === 0, `error at ack, patch ${i}: ${result.errorAtAck}`);
      assert.equal(result.correction, 0, `correction, patch ${i}`);
      if (i > 0) assert.equal(result.snapped, false, `snapped, patch ${i}`);
    }
    assert.ok(checkedAcks > 400, `most patches acknowledged a predicted input (${checkedAcks})`);
    assert.ok(maxPending >= 6, `the prediction ran ahead of the server (${maxPending} pending)`);
    assert.ok(server.blockedSteps > 20, `the walls were run into (${server.blockedSteps} blocked steps)`);

    let fires = 0;
    for (const [seq, fired] of server.fired) {
      if (seq <= 6) continue; // sent before the first server state arrived: nothing to predict from yet
      assert.equal(predictedFire.get(seq), fired, `whether input ${seq} fires`);
      if (fired) fires++;
    }
    assert.ok(fires > 50, `shots were fired (${fires})`);
    assert.equal(prediction.pendingCount, 0);
    assert.deepEqual(moving(prediction.state), moving(server.player));
  });

  it("replays fire cooldowns and rapid fire exactly once the server grants rapid fire the client could not foresee", () => {
    const inputs = inputScript(23, 400, 1); // fire held all the time
    const server = new FakeServer(boxedMap, 1100, 1250);
    const prediction = new OwnPrediction(boxedMap);
    const grantTick = 120;
    let learnedAt = Infinity, lastSeqSent = 0;
    const predictedFire = playOverLink(prediction, server, inputs, {
      seed: 8, up: 4, down: 4, jitter: 2,
      onTick: (tick, s) => {
        if (tick === grantTick) s.player.rapidFireTicks = RAPID_FIRE_TICKS; // a pickup
      },
      onReconcile: (result, patch, lastSeq) => {
        lastSeqSent = lastSeq;
        if (patch.state.rapidFireTicks > 0 && learnedAt === Infinity) learnedAt = lastSeq;
        assert.deepEqual(moving(prediction.state), replayedByHand(patch, inputs, lastSeq, boxedMap));
        assert.ok(result && (result.errorAtAck ?? 0) === 0 && result.correction === 0);
      },
    });
    assert.ok(learnedAt < lastSeqSent, "the client learned of rapid fire");

    const firesBetween = (fired: Map<number, boolean>, from: number, to: number) =>
      [...fired].filter(([seq, f]) => f && seq >= from && seq < to).length;
    const window = RAPID_FIRE_TICKS - 20;
    const normalRate = firesBetween(server.fired, 10, 10 + window);
    const rapidRate = firesBetween(server.fired, grantTick, grantTick + window);
    assert.ok(rapidRate > normalRate * 1.5, `rapid fire fires faster on the server (${rapidRate} vs ${normalRate})`);

    let mispredicted = 0;
    for (const [seq, fired] of server.fired) {
      if (seq <= 8) continue;
      if (seq > learnedAt) assert.equal(predictedFire.get(seq), fired, `input ${seq}, sent after the client knew`);
      else if (predictedFire.get(seq) !== fired) mispredicted++;
    }
    assert.ok(mispredicted > 0, "inputs sent before the client knew were mispredicted, as they must be");
    assert.deepEqual(moving(prediction.state), moving(server.player), "cooldowns and timers end exactly on the server's");
  });

  it("takes a repeated acknowledgement without changing anything", () => {
    const prediction = settled(boxedMap, 1100, 1100);
    const server = new FakeServer(boxedMap, 1100, 1100);
    const inputs = [idle({ mx: 1 }), idle({ mx: 1, buttons: Button.FIRE }), idle({ my: 1 }), idle({ mx: -1, my: 1 })];
    inputs.forEach((input, i) => prediction.apply(i + 1, input, true));
    server.apply(1, inputs[0]);
    server.apply(2, inputs[1]);
    const patch = server.patch();
    const first = prediction.reconcile(patch.ack, patch.state, true);
    assert.deepEqual(first, { errorAtAck: 0, correction: 0, snapped: false });
    const before = moving(prediction.state);
    const drawnBefore = drawnAt(prediction, 0.5, 0);

    const again = prediction.reconcile(patch.ack, { ...patch.state }, true);
    assert.deepEqual(again, { errorAtAck: null, correction: 0, snapped: false });
    assert.deepEqual(moving(prediction.state), before);
    assert.deepEqual(drawnAt(prediction, 0.5, 0), drawnBefore);
    assert.equal(prediction.pendingCount, 2);
  });

  it("still takes what a repeated acknowledgement says about the player (it died without a new input)", () => {
    const prediction = settled(boxedMap, 1100, 1100);
    prediction.apply(1, idle({ mx: 1 }), true);
    prediction.reconcile(0, { ...playerAt(1100, 1100), alive: false }, true);
    assert.equal(prediction.alive, false);
  });

  it("ignores an acknowledgement older than one already taken", () => {
    const prediction = settled(boxedMap, 1100, 1100);
    const server = new FakeServer(boxedMap, 1100, 1100);
    const inputs = inputScript(3, 12);
    inputs.forEach((input, i) => prediction.apply(i + 1, input, true));
    for (let seq = 1; seq <= 4; seq++) server.apply(seq, inputs[seq - 1]);
    const older = server.patch();
    for (let seq = 5; seq <= 8; seq++) server.apply(seq, inputs[seq - 1]);
    const newer = server.patch();

    assert.deepEqual(prediction.reconcile(newer.ack, newer.state, true), { errorAtAck: 0, correction: 0, snapped: false });
    const before = moving(prediction.state);
    const drawnBefore = drawnAt(prediction, 1, 0);
    assert.equal(prediction.reconcile(older.ack, older.state, true), null);
    assert.deepEqual(moving(prediction.state), before);
    assert.deepEqual(drawnAt(prediction, 1, 0), drawnBefore);
    assert.equal(prediction.pendingCount, 4);
  });

  it("after a reconnection it did not follow, drops everything pending on an ack beyond anything sent and adopts the server", () => {
    const prediction = settled(boxedMap, 1100, 1100);
    for (let seq = 1; seq <= 10; seq++) prediction.apply(seq, idle({ mx: 1 }), true);
    const server: OwnServerState = { ...playerAt(1300, 1250), fireCooldown: 3, alive: true };
    const result = prediction.reconcile(40, server, true);
    assert.ok(result);
    assert.equal(result.errorAtAck, null, "no input of that number was predicted");
    assert.equal(prediction.pendingCount, 0);
    assert.deepEqual(moving(prediction.state), moving(server));
    assert.deepEqual(drawnAt(prediction, 0.3, 0), { x: server.x, y: server.y }, "drawn where the server has it");
  });

  it("drops everything pending when the input count restarted under it and the server acknowledges beyond the latest input", () => {
    const prediction = settled(boxedMap, 1100, 1100);
    for (let seq = 1; seq <= 10; seq++) prediction.apply(seq, idle({ mx: 1 }), true);
    prediction.apply(1, idle({ my: 1 }), true); // the count started over
    prediction.apply(2, idle({ my: 1 }), true);
    const server: OwnServerState = { ...playerAt(1120, 1100), alive: true };
    assert.ok(prediction.reconcile(5, server, true));
    assert.equal(prediction.pendingCount, 0, "nothing from before is replayed");
    assert.deepEqual(moving(prediction.state), moving(server));
  });

  it("after reset() starts over with a fresh input count", () => {
    const prediction = settled(boxedMap, 1100, 1100);
    for (let seq = 1; seq <= 30; seq++) prediction.apply(seq, idle({ my: 1 }), true);
    prediction.reconcile(25, { ...playerAt(1100, 1200), alive: true }, true);

    prediction.reset();
    assert.equal(prediction.ready, false);
    assert.equal(prediction.pendingCount, 0);
    const left = moving(prediction.state);
    prediction.apply(1, idle({ mx: 1 }), true);
    assert.deepEqual(moving(prediction.state), left, "nothing moves before a server state is adopted");

    const server = new FakeServer(boxedMap, 1050, 1050);
    const inputs = [idle({ mx: 1 }), idle({ mx: 1 }), idle({ my: 1 }), idle({ my: 1 })];
    const first = prediction.reconcile(0, server.patch().state, true);
    assert.equal(first?.snapped, true, "the first state after a reset is adopted as it is");
    assert.equal(prediction.ready, true);
    for (let seq = 2; seq <= 4; seq++) prediction.apply(seq, inputs[seq - 1], true);
    for (let seq = 1; seq <= 3; seq++) server.apply(seq, inputs[seq - 1]);
    assert.deepEqual(prediction.reconcile(3, server.patch().state, true), { errorAtAck: 0, correction: 0, snapped: false },
      "small acknowledgements count again");
    server.apply(4, inputs[3]);
    prediction.reconcile(4, server.patch().state, true);
    assert.deepEqual(moving(prediction.state), moving(server.player));
  });

  it("blends away a correction the server made (a wall the client did not know): no jump, converging on the server", () => {
    const serverMap = openMap([{ x: 1060, y: 900, w: 100, h: 300 }]);
    const clientMap = openMap([]);
    const server = new FakeServer(serverMap, 1000, 1000);
    const prediction = new OwnPrediction(clientMap);
    const inputs = [...Array(15)].map(() => idle({ mx: 1 })).concat([...Array(30)].map(() => idle()));
    const results: Reconciliation[] = [];
    const drawn: { x: number; y: number }[] = [];
    const frame = (fraction: number) => {
      const at = drawnAt(prediction, fraction, STEP_MS / 2);
      if (prediction.ready) drawn.push({ ...at });
    };
    playOverLink(prediction, server, inputs, {
      seed: 4, up: 3, down: 3, jitter: 0,
      onReconcile: (result) => {
        if (result) results.push(result);
      },
      onTick: () => {
        frame(0); // two display frames per tick, after its reconciliation and input
        frame(0.5);
      },
    });
    for (let i = 0; i < 30; i++) frame(1);

    const corrections = results.slice(1).map((r) => r.correction);
    assert.ok(Math.max(...corrections) > 10, `the server moved the player back (${Math.max(...corrections).toFixed(1)} u)`);
    assert.ok(results.slice(1).every((r) => !r.snapped), "nothing snapped");
    let largestFrameStep = 0;
    for (let i = 1; i < drawn.length; i++) largestFrameStep = Math.max(largestFrameStep, Math.hypot(drawn[i].x - drawn[i - 1].x, drawn[i].y - drawn[i - 1].y));
    assert.ok(largestFrameStep < WALK_STEP_U, `the drawn player never jumps (largest step ${largestFrameStep.toFixed(2)} u per frame)`);
    const end = drawn[drawn.length - 1];
    assert.equal(server.player.x, snapX(1040), "held by the wall on the server");
    assert.ok(Math.abs(end.x - server.player.x) < 0.05 && Math.abs(end.y - server.player.y) < 0.05, `converged on the server (${end.x}, ${end.y})`);
  });

  it("snaps to a respawn far away at once, and does not move while dead", () => {
    const prediction = settled(boxedMap, 1100, 1100);
    let seq = 0;
    for (let i = 0; i < 5; i++) prediction.apply(++seq, idle({ mx: 1 }), true);
    prediction.reconcile(seq, { ...playerAt(1100 + 5 * WALK_STEP_U, 1100), alive: true }, true);

    const corpse: OwnServerState = { ...playerAt(1100 + 5 * WALK_STEP_U, 1100), alive: false };
    assert.deepEqual(prediction.reconcile(seq, corpse, true), { errorAtAck: null, correction: 0, snapped: false }, "a death is no correction");
    assert.equal(prediction.alive, false);
    for (let i = 0; i < 10; i++) {
      assert.equal(prediction.apply(++seq, idle({ mx: 1, my: -1, buttons: Button.FIRE | Button.DASH }), true), false, "a dead player does not fire");
      assert.deepEqual(moving(prediction.state), moving(corpse), "a dead player does not move");
      if (i % 2) assert.deepEqual(prediction.reconcile(seq - 1, corpse, true), { errorAtAck: null, correction: 0, snapped: false }, "nor snaps while dead");
    }
    assert.deepEqual(drawnAt(prediction, 0.5, 0), { x: corpse.x, y: corpse.y });

    const respawn: OwnServerState = { ...playerAt(2000, 300), alive: true };
    const result = prediction.reconcile(seq, respawn, true);
    assert.ok(result);
    assert.equal(result.snapped, true);
    assert.equal(prediction.alive, true);
    for (const fraction of [0, 0.5, 1]) assert.deepEqual(drawnAt(prediction, fraction, 0), { x: respawn.x, y: respawn.y }, "drawn at the spawn at once, no slide");
    prediction.apply(++seq, idle({ mx: 1 }), true);
    assert.equal(prediction.state.x, snapX(respawn.x + WALK_STEP_U), "and moves on from there");
  });

  it("snaps to a server teleport larger than CORRECTION_SNAP_U while alive", () => {
    const prediction = settled(boxedMap, 1100, 1100);
    prediction.apply(1, idle({ my: 1 }), true);
    prediction.apply(2, idle({ my: 1 }), true);
    const far = { ...playerAt(1100, 1100 + 2 * WALK_STEP_U + CORRECTION_SNAP_U + 10), alive: true };
    const result = prediction.reconcile(2, far, true);
    assert.equal(result?.snapped, true);
    assert.ok(result.correction > CORRECTION_SNAP_U);
    assert.deepEqual(drawnAt(prediction, 0.5, 0), { x: far.x, y: far.y });
  });

  it("draws the latest step blended by the fraction elapsed, clamped to it", () => {
    const prediction = settled(boxedMap, 1100, 1100);
    const start = { x: prediction.state.x, y: prediction.state.y };
    prediction.apply(1, idle({ mx: 1 }), true);
    const end = { x: prediction.state.x, y: prediction.state.y };
    assert.ok(end.x > start.x);
    assert.deepEqual(drawnAt(prediction, 0, 0), start);
    assert.equal(drawnAt(prediction, 0.5, 0).x, start.x + (end.x - start.x) * 0.5);
    assert.deepEqual(drawnAt(prediction, 1, 0), end);
    assert.deepEqual(drawnAt(prediction, 1.7, 0), end);
    assert.deepEqual(drawnAt(prediction, -1, 0), start);
  });

  it("does not move the player while the match phase forbids acting, in prediction or replay", () => {
    const prediction = settled(boxedMap, 1100, 1100);
    for (let seq = 1; seq <= 6; seq++) assert.equal(prediction.apply(seq, idle({ mx: 1, buttons: Button.FIRE }), false), false);
    assert.deepEqual(moving(prediction.state), moving(playerAt(1100, 1100)));
    prediction.reconcile(2, { ...playerAt(1100, 1100), alive: true }, false);
    assert.deepEqual(moving(prediction.state), moving(playerAt(1100, 1100)), "pending inputs replayed as frozen too");
  });
});
