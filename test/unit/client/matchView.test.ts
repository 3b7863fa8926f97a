import assert from "node:assert/strict";
import { MatchView, type InputHandleLike, type MatchLink } from "../../../client/src/net/MatchView.ts";
import { DASH_COOLDOWN_TICKS, PATCH_HZ, PLAYER_SPEED, STEP_MS } from "../../../shared/constants.ts";
import { decodeViewTick, encodeShots, MatchPhase, shotsMessageBytes, type WireInput, type WireShot } from "../../../shared/protocol.ts";
import type { ArenaState } from "../../../shared/schema.ts";
import { generateMap } from "../../../shared/sim/map.ts";
import { stepMovement } from "../../../shared/sim/movement.ts";
import { snapX, snapY } from "../../../shared/sim/quantize.ts";
import { createRng } from "../../../shared/sim/random.ts";
import { Button, type InputLike, type MovingPlayer } from "../../../shared/sim/types.ts";
import { launchFrom, stepWeapon } from "../../../shared/sim/weapon.ts";
import { isPatchTick as isServerPatchTick } from "../../../shared/protocol.ts";

const FRAME_MS = 1000 / 60;
const SEED = 7; // its arena has an open corridor along y = 720 from x = 400 to 2000
const MAP = generateMap(SEED);
const ME = "me";
const BOT = "bot";
/** 20 Hz patches over the 30 Hz tick, as the server sends them. */
const isPatchTick = (tick: number) => isServerPatchTick(tick, PATCH_HZ);

interface Player extends MovingPlayer {
  alive: boolean;
  team: number;
  slot: number;
  /** Owner-only: the input number of the latest shot the server fired. */
  lastShot?: number;
}

interface Snapshot {
  tick: number;
  ack: number;
  players: Map<string, Player>;
  /** The SHOTS message right behind the patch, if any. */
  shots: Uint8Array | null;
}

/** The SDK's input handle as MatchView sees it: sequence numbers, the ack, a reset epoch. */
class FakeInput implements InputHandleLike {
  readonly data: WireInput = { mx: 0, my: 0, aim: 0, buttons: 0, view: 0 };
  sentCount = 0;
  lastProcessed = 0;
  epoch = 0;
  readonly sent: { seq: number; at: number; frame: WireInput }[] = [];
  now = 0;

  send(): number {
    this.sent.push({ seq: ++this.sentCount, at: this.now, frame: { ...this.data } });
    return this.sentCount;
  }

  /** Frames go out one by one here: nothing ever waits. */
  flush(): void {}

  reset(): void {
    this.sentCount = this.lastProcessed = 0;
    this.epoch++;
  }
}

/**
 * A match over a link with `upMs` and `downMs` of latency: an authoritative server stepping the
 * own player with the inputs it receives (in order, as they arrive) and a bot walking the
 * corridor, sending a snapshot after two ticks of every three; a client running MatchView at 60 Hz.
 */
class Match {
  readonly input = new FakeInput();
  readonly view: MatchView;
  readonly server = new Map<string, Player>();
  /** Shots fired since the last patch: the next SHOTS message's. */
  private fired: WireShot[] = [];
  /** Players out of the client's view: their snapshots leave out position and aim, as the server's do. */
  readonly outOfView = new Set<string>();
  /** The bot's position after every server tick. */
  readonly botPath: { x: number; y: number }[] = [];
  /** What the client has received: MatchView reads it live, as it reads the SDK's decoded state. */
  readonly state = { mapSeed: SEED, arenaSize: MAP.width, mode: "ffa", phase: MatchPhase.PLAYING as number, tick: 0, players: new Map<string, Player>() };
  readonly reconciliations: { errorAtAck: number | null; correction: number; snapped: boolean }[] = [];
  readonly echoesSent: number[] = [];
  /** Own inputs that fired on the server: their number, the tick they fired at, the view they claimed. */
  readonly serverFires: { seq: number; tick: number; view: number }[] = [];
  tick = 0;
  ack = 0;
  now = 0;
  private nextProjectile = 1;
  private botDirection = 1;
  private toServer: { at: number; frame: WireInput }[] = [];
  private toClient: { at: number; snapshot: Snapshot }[] = [];
  private echoReplies: { at: number; t: number; tick: number }[] = [];

  constructor(readonly upMs: number, readonly downMs: number) {
    this.server.set(ME, { ...fresh(snapX(700), snapY(720)), alive: true, team: 0, slot: 1 });
    this.server.set(BOT, { ...fresh(snapX(1200), snapY(720)), alive: true, team: 0, slot: 2 });
    const link: MatchLink = {
      sessionId: ME,
      state: this.state as unknown as ArenaState,
      input: this.input,
      sendEcho: (t) => {
        this.echoesSent.push(t);
        this.echoReplies.push({ at: t + upMs + downMs, t, tick: (t + upMs) / STEP_MS });
      },
    };
    this.view = new MatchView(link, 0);
    this.view.onReconcile = (errorAtAck, correction, snapped) => this.reconciliations.push({ errorAtAck, correction, snapped });
  }

  /** Plays until `untilMs`, the player wanting `intent(now)` each frame; `onFrame` sees every rendered frame. */
  play(untilMs: number, intent: (now: number) => InputLike | null, onFrame?: (frame: ReturnType<MatchView["render"]>, now: number) => void): void {
    while (this.now + FRAME_MS <= untilMs) {
      this.now += FRAME_MS;
      while ((this.tick + 1) * STEP_MS <= this.now) this.serverTick();
      while (this.toClient.length && this.toClient[0].at <= this.now) this.deliver(this.toClient.shift()!.snapshot);
      while (this.echoReplies.length && this.echoReplies[0].at <= this.now) {
        const reply = this.echoReplies.shift()!;
        this.view.onEchoReply({ t: reply.t, tick: reply.tick }, this.now);
      }
      this.input.now = this.now;
      const sentBefore = this.input.sent.length;
      const frame = this.view.render(this.now, FRAME_MS, intent(this.now));
      for (const s of this.input.sent.slice(sentBefore)) this.toServer.push({ at: this.now + this.upMs, frame: s.frame });
      onFrame?.(frame, this.now);
    }
  }

  /** The connection dropped and came back: the SDK restarted its input count, and nothing in flight survived. */
  reconnect(): void {
    this.toServer = [];
    this.toClient = [];
    this.ack = 0;
    this.input.reset();
  }

  private serverTick(): void {
    this.tick++;
    const me = this.server.get(ME)!;
    while (this.toServer.length && this.toServer[0].at <= this.tick * STEP_MS) {
      const { frame } = this.toServer.shift()!;
      this.ack++;
      if (!me.alive) continue;
      stepMovement(me, frame, MAP);
      if (stepWeapon(me, frame)) {
        this.serverFires.push({ seq: this.ack, tick: this.tick, view: frame.view });
        const launch = launchFrom(me, frame.aim, this.tick);
        this.fired.push({ id: this.nextProjectile++, ...launch, owner: me.slot, shot: this.ack % 0x10000 });
        me.lastShot = this.ack % 0x10000;
      }
    }
    const bot = this.server.get(BOT);
    if (bot) {
      if (bot.x > 1800) this.botDirection = -1;
      if (bot.x < 600) this.botDirection = 1;
      stepMovement(bot, { mx: this.botDirection, my: 0, aim: 0, buttons: 0 }, MAP);
      this.botPath[this.tick] = { x: bot.x, y: bot.y };
    }
    if (isPatchTick(this.tick)) {
      const seen = (id: string, p: Player) => (this.outOfView.has(id) ? { ...p, x: undefined, y: undefined, aim: undefined } as unknown as Player : { ...p });
      const players = new Map([...this.server].map(([id, p]) => [id, seen(id, p)]));
      let shots: Uint8Array | null = null;
      if (this.fired.length > 0) {
        const bytes = new Uint8Array(shotsMessageBytes(this.fired.length, 0));
        shots = bytes.subarray(0, encodeShots(this.tick, this.fired, [], this.server.get(ME)?.slot ?? 0, bytes));
        this.fired = [];
      }
      this.toClient.push({ at: this.tick * STEP_MS + this.downMs, snapshot: { tick: this.tick, ack: this.ack, players, shots } });
    }
  }

  private deliver(snapshot: Snapshot): void {
    this.state.tick = snapshot.tick;
    this.state.players = snapshot.players;
    this.input.lastProcessed = snapshot.ack;
    this.view.onPatch(this.now);
    if (snapshot.shots) this.view.onShots(snapshot.shots);
  }
}

const fresh = (x: number, y: number): MovingPlayer => ({ x, y, aim: 0, dashTicks: 0, dashCooldown: 0, fireCooldown: 0, rapidFireTicks: 0 });

/** A seeded walk: a direction held for a while, the aim turning, fire pressed now and then. */
function wanderer(seed: number, fire = false): (now: number) => InputLike {
  const rng = createRng(seed);
  let until = 0;
  const intent: InputLike = { mx: 0, my: 0, aim: 0, buttons: 0 };
  return (now) => {
    if (now >= until) {
      intent.mx = rng.int(-1, 1);
      intent.my = rng.int(-1, 1);
      intent.aim = rng.range(-Math.PI, Math.PI);
      intent.buttons = fire && rng.next() < 0.5 ? Button.FIRE : 0;
      until = now + rng.range(100, 600);
    }
    return intent;
  };
}

/** The bot's true position at a fractional tick. */
function botAt(match: Match, tick: number) {
  const a = match.botPath[Math.floor(tick)], b = match.botPath[Math.floor(tick) + 1] ?? a;
  const f = tick - Math.floor(tick);
  return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
}

describe("MatchView", () => {
  it("before the first state draws nothing and sends nothing but echoes", () => {
    const match = new Match(50, 50);
    const frame = match.view.render(16, 16, { mx: 1, my: 0, aim: 0, buttons: Button.FIRE });
    assert.equal(frame.self, null);
    assert.equal(frame.remotes.size, 0);
    assert.equal(match.input.sent.length, 0);
    assert.deepEqual(match.echoesSent, [16], "the clock starts synchronizing at once");
    assert.equal(match.view.lastFrame, frame);
  });

  it("sends one input per tick, predicts the own player exactly over a 100 ms round trip, and moves it smoothly", () => {
    const match = new Match(50, 50);
    const walk = wanderer(3);
    let largestStep = 0;
    let last: { x: number; y: number } | null = null;
    match.play(10_000, walk, (frame) => {
      if (!frame.self) return;
      if (last) largestStep = Math.max(largestStep, Math.hypot(frame.self.x - last.x, frame.self.y - last.y));
      last = { x: frame.self.x, y: frame.self.y };
    });
    const sent = match.input.sent.length;
    assert.ok(sent >= 295 && sent <= 300, `${sent} inputs in 10 s at 30 Hz, from the first state on`);

    const checked = match.reconciliations.filter((r) => r.errorAtAck !== null);
    assert.ok(checked.length > 150, `${checked.length} acknowledgements checked`);
    for (const r of checked) assert.equal(r.errorAtAck, 0, "the prediction was exactly what the server computed");
    assert.equal(match.view.counters.corrections, 0);
    assert.equal(match.view.counters.snaps, 1, "only the first state was adopted as it was");
    assert.ok(largestStep <= PLAYER_SPEED * FRAME_MS / 1000 * 1.01 + 1e-9, `the drawn player never jumps (${largestStep.toFixed(2)} u in a frame)`);

    match.play(11_000, () => ({ mx: 0, my: 0, aim: 0, buttons: 0 }));
    const me = match.server.get(ME)!;
    const self = match.view.lastFrame!.self!;
    assert.deepEqual({ x: self.x, y: self.y }, { x: me.x, y: me.y }, "at rest where the server has it");
  });

  it("draws the other player on its true path, behind the server clock by the interpolation delay", () => {
    const match = new Match(40, 40);
    let frames = 0, interpolated = 0, worst = 0, onPath = 0;
    match.play(8000, wanderer(5), (frame, now) => {
      if (now < 2000) return;
      const bot = frame.remotes.get(BOT);
      assert.ok(bot, "the bot is drawn");
      frames++;
      if (bot.kind === "interpolated") interpolated++;
      const truth = botAt(match, frame.renderTick);
      const error = Math.hypot(bot.x - truth.x, bot.y - truth.y);
      worst = Math.max(worst, error);
      if (error < 0.1) onPath++;
    });
    assert.ok(interpolated === frames, `${frames - interpolated} of ${frames} frames not interpolated`);
    assert.ok(onPath > frames * 0.97, `${onPath} of ${frames} frames on the true path`);
    // where the bot turns back between two snapshots, interpolation cuts the corner by up to a step
    assert.ok(worst < PLAYER_SPEED * STEP_MS / 1000 + 0.1, `never more than a step off it (${worst.toFixed(2)} u)`);

    const readout = match.view.readout(match.now);
    assert.ok(readout.pingMs !== null && readout.pingMs >= 80 && readout.pingMs < 80 + FRAME_MS, `ping ${readout.pingMs} ms (replies are read at the next frame)`);
    assert.ok(readout.clockSynced);
    assert.ok(readout.interpDelayMs > 60 && readout.interpDelayMs < 100, `interpolation delay ${readout.interpDelayMs} ms`);
    assert.ok(readout.bufferMs > 0, "a snapshot ahead of the drawn moment");
    assert.ok(Math.abs(readout.patchesPerSec - 20) <= 1.5, `${readout.patchesPerSec} patches a second`);
    assert.ok(Math.abs(readout.fps - 60) <= 1.5, `${readout.fps} frames a second`);
    assert.equal(readout.extrapolatedShare, 0);
  });

  it("sends echoes in a burst on joining, then once a second", () => {
    const match = new Match(30, 30);
    match.play(3600, () => null);
    const gaps = match.echoesSent.slice(1).map((t, i) => t - match.echoesSent[i]);
    assert.ok(gaps.slice(0, 4).every((g) => g >= 150 && g < 150 + FRAME_MS), `burst: ${gaps.slice(0, 4).map((g) => g.toFixed(0))}`);
    assert.ok(gaps.slice(4).every((g) => g >= 1000 && g < 1000 + FRAME_MS), `then: ${gaps.slice(4).map((g) => g.toFixed(0))}`);
  });

  it("draws its own shots as predicted, not the server's copies of them, and claims the view it drew at", () => {
    const match = new Match(50, 50);
    let ownDrawn = 0, othersDrawn = 0;
    match.play(6000, wanderer(9, true), (frame, now) => {
      if (now < 1000) return;
      for (const shot of frame.shots) shot.own ? ownDrawn++ : othersDrawn++;
    });
    match.play(7000, () => ({ mx: 0, my: 0, aim: 0, buttons: 0 }), (frame) => {
      for (const shot of frame.shots) if (!shot.own) othersDrawn++;
    });
    assert.ok(ownDrawn > 100, `${ownDrawn} own shots drawn`);
    assert.equal(othersDrawn, 0, "the server's copy of an own shot is not drawn twice");
    assert.ok(match.serverFires.length > 10, `${match.serverFires.length} shots fired`);
    assert.equal(match.view.readout(match.now).shotsFired, match.serverFires.length, "every shot the server fired was predicted, and no other");
    for (const fire of match.serverFires) {
      const claimed = decodeViewTick(fire.view, fire.tick);
      assert.ok(claimed !== null, "a firing input claims a view");
      // drawn behind the server clock by the 50 ms way down and the interpolation delay, a step ahead of sending
      const behind = fire.tick - claimed;
      assert.ok(behind > 2 && behind < 10, `input ${fire.seq} claims a view ${behind} ticks behind the tick it fired at`);
    }
  });

  it("counts a hit the server reports for an own shot", () => {
    const match = new Match(50, 50);
    match.play(2000, wanderer(9, true));
    const { seq } = match.serverFires.at(-1)!;
    match.view.onHit({ attacker: BOT, victim: ME, damage: 20, shot: seq });
    assert.equal(match.view.readout(match.now).shotsRegisteredUnseen, 0, "a hit on this player is not its shot's");
    match.view.onHit({ attacker: ME, victim: BOT, damage: 20, shot: seq });
    const readout = match.view.readout(match.now);
    assert.equal(readout.shotsSeenAndRegistered + readout.shotsRegisteredUnseen, 1);
  });

  it("tells of each own shot and dash the moment the prediction makes it (the sounds follow)", () => {
    const match = new Match(50, 50);
    const actions: string[] = [];
    match.view.onOwnAction = (action) => actions.push(action);
    match.play(1000, () => ({ mx: 0, my: 0, aim: 0, buttons: 0 }));
    assert.deepEqual(actions, [], "nothing done, nothing told");
    match.play(5000, () => ({ mx: 0, my: 0, aim: 0, buttons: Button.FIRE | Button.DASH }));
    match.play(6000, () => ({ mx: 0, my: 0, aim: 0, buttons: 0 }));
    assert.ok(match.serverFires.length > 10);
    assert.equal(actions.filter((a) => a === "fire").length, match.serverFires.length, "one per shot the server fired");
    // Dash held for 4 s: at once, then each time the cooldown runs out.
    assert.equal(actions.filter((a) => a === "dash").length, Math.ceil(4000 / (DASH_COOLDOWN_TICKS * STEP_MS)));
  });

  it("follows a reconnection: drops what was pending and predicts again from the new input count", () => {
    const match = new Match(50, 50);
    match.play(3000, wanderer(12));
    assert.ok(match.view.readout(match.now).pendingInputs > 0);
    match.reconnect();
    match.play(3000 + FRAME_MS, () => null);
    assert.equal(match.view.readout(match.now).pendingInputs, 0, "everything pending is void");

    const before = match.reconciliations.length;
    match.play(8000, wanderer(13));
    assert.ok(match.input.sentCount > 100, "counting from 1 again");
    const after = match.reconciliations.slice(before).filter((r) => r.errorAtAck !== null);
    assert.ok(after.length > 50);
    for (const r of after) assert.equal(r.errorAtAck, 0);
  });

  it("drops a player that leaves the view, and draws it at once where it is when it comes back", () => {
    const match = new Match(40, 40);
    const finite = (frame: ReturnType<MatchView["render"]>) => [...frame.remotes.values()].every((r) => Number.isFinite(r.x) && Number.isFinite(r.y) && Number.isFinite(r.aim))
      && frame.shots.every((s) => [s.x, s.y, s.tailX, s.tailY].every(Number.isFinite));
    match.play(2000, wanderer(21, true));
    const left = { ...match.view.lastFrame!.remotes.get(BOT)! };

    match.outOfView.add(BOT);
    let drawnOut = 0;
    match.play(3000, wanderer(21, true), (frame, now) => {
      assert.ok(finite(frame), "nothing computed from a missing position");
      if (now > 2300 && frame.remotes.has(BOT)) drawnOut++;
    });
    assert.equal(drawnOut, 0, "not drawn, not held where it was last seen");

    // Meanwhile it went somewhere else, far from where it was last drawn.
    const bot = match.server.get(BOT)!;
    const destination = { x: snapX(left.x > 1200 ? 700 : 1700), y: bot.y };
    bot.x = destination.x;
    match.outOfView.delete(BOT);
    const after: { x: number; y: number; renderTick: number }[] = [];
    match.play(4500, () => null, (frame) => {
      assert.ok(finite(frame));
      const drawn = frame.remotes.get(BOT);
      if (drawn) after.push({ x: drawn.x, y: drawn.y, renderTick: frame.renderTick });
    });
    assert.ok(after.length > 60, `drawn again (${after.length} frames)`);
    const first = after[0];
    assert.ok(Math.hypot(first.x - left.x, first.y - left.y) > 300, "not where it left");
    // The first snapshot after the move is at most a patch (two ticks) of walking from it.
    assert.ok(Math.hypot(first.x - destination.x, first.y - destination.y) <= PLAYER_SPEED * 2 * STEP_MS / 1000 + 0.1,
      `drawn at once at its new place (${first.x.toFixed(1)} vs ${destination.x.toFixed(1)})`);
    const steps = after.slice(1).map((a, i) => Math.hypot(a.x - after[i].x, a.y - after[i].y));
    assert.ok(Math.max(...steps) <= PLAYER_SPEED * FRAME_MS / 1000 + 0.5, `no slide from anywhere: largest step ${Math.max(...steps).toFixed(2)} u`);
  });

  it("drops a player that left", () => {
    const match = new Match(40, 40);
    match.play(2000, () => null);
    assert.ok(match.view.lastFrame!.remotes.has(BOT));
    match.server.delete(BOT);
    match.play(2500, () => null);
    assert.equal(match.view.lastFrame!.remotes.has(BOT), false);
  });
});
