import assert from "node:assert/strict";
import { PLAYER_RADIUS_U, SHOT_RANGE_U } from "../../../shared/constants.ts";
import { MatchPhase } from "../../../shared/protocol.ts";
import { circleIntersectsRect } from "../../../shared/sim/geometry.ts";
import { generateMap, type ArenaMap } from "../../../shared/sim/map.ts";
import { stepMovement } from "../../../shared/sim/movement.ts";
import { createRng } from "../../../shared/sim/random.ts";
import { Button, type InputLike } from "../../../shared/sim/types.ts";
import { Brain, LOOKAHEAD_U, type Observation, type PickupView, type PlayerView } from "../../../loadbots/brain.ts";

const emptyMap = (): ArenaMap => ({ seed: 0, width: 2400, height: 2400, obstacles: [], spawnPoints: [], pickupSpots: [] });
const player = (x: number, y: number, over: Partial<PlayerView> = {}): PlayerView => ({ x, y, alive: true, team: 0, ...over });
const frame = (): InputLike => ({ mx: 0, my: 0, aim: 0, buttons: 0 });

function view(players: Record<string, PlayerView>, over: Partial<Observation> = {}, pickups: PickupView[] = []): Observation {
  return { selfId: "me", phase: MatchPhase.PLAYING, map: emptyMap(), players: new Map(Object.entries(players)), pickups, ...over };
}

describe("loadbots brain", () => {
  it("stands still and holds fire while dead or while the match is frozen", () => {
    for (const v of [
      view({ me: player(500, 500, { alive: false }), foe: player(600, 500) }),
      view({ me: player(500, 500), foe: player(600, 500) }, { phase: MatchPhase.COUNTDOWN }),
      view({ foe: player(600, 500) }),
    ]) {
      const out = { mx: 1, my: 1, aim: 0.5, buttons: Button.FIRE };
      new Brain(1).decide(v, out);
      assert.deepEqual([out.mx, out.my, out.buttons], [0, 0, 0]);
    }
  });

  it("aims at the nearest enemy and fires when it is in range", () => {
    const out = frame();
    new Brain(2).decide(view({ me: player(1000, 1000), near: player(1300, 1000), far: player(1000, 1500) }), out);
    assert.ok(Math.abs(out.aim) <= 0.06, `aim ${out.aim}`);
    assert.ok(out.buttons & Button.FIRE);
  });

  it("aims but holds fire beyond its shot range", () => {
    const out = frame();
    new Brain(3).decide(view({ me: player(1000, 1000), foe: player(1000, 1000 + SHOT_RANGE_U) }), out);
    assert.ok(Math.abs(out.aim - Math.PI / 2) <= 0.06, `aim ${out.aim}`);
    assert.equal(out.buttons & Button.FIRE, 0);
  });

  it("ignores teammates in teams mode", () => {
    const out = frame();
    new Brain(4).decide(view({ me: player(1000, 1000, { team: 1 }), mate: player(1100, 1000, { team: 1 }), foe: player(1000, 1300, { team: 2 }) }), out);
    assert.ok(Math.abs(out.aim - Math.PI / 2) <= 0.06, `aim ${out.aim}`);
  });

  it("leaves out players outside its view (no position): no target, and no NaN in any input", () => {
    // Interest management: a far player stays in the state with its position undefined.
    const far = (over: Partial<PlayerView> = {}) => ({ ...player(0, 0, over), x: undefined, y: undefined }) as unknown as PlayerView;
    const halfSeen = { ...player(0, 0), y: undefined } as unknown as PlayerView;
    const finiteInput = (out: InputLike) => [out.mx, out.my, out.aim].every(Number.isFinite);

    const out = frame();
    new Brain(6).decide(view({ me: player(1000, 1000), ghost: far(), half: halfSeen, near: player(1300, 1000) }), out);
    assert.ok(Math.abs(out.aim) <= 0.06, `aimed at ${out.aim}, not at the one enemy it can see`);
    assert.ok(out.buttons & Button.FIRE);

    const brain = new Brain(7);
    const me = { x: 1200, y: 1200, aim: 0, dashTicks: 0, dashCooldown: 0, fireCooldown: 0, rapidFireTicks: 0 };
    for (let tick = 0; tick < 600; tick++) {
      const step = frame();
      brain.decide(view({ me: player(me.x, me.y), a: far(), b: far({ team: 2 }), c: halfSeen }), step);
      assert.ok(finiteInput(step), `tick ${tick}: ${JSON.stringify(step)}`);
      assert.equal(step.buttons & Button.FIRE, 0, "fired at a player it cannot see");
      stepMovement(me, step, emptyMap());
    }
    assert.ok(Math.hypot(me.x - 1200, me.y - 1200) > 100, "it should wander on when every other player is far");

    const blind = { mx: 1, my: 1, aim: 0.5, buttons: Button.FIRE };
    new Brain(8).decide(view({ me: far(), foe: player(600, 500) }), blind);
    assert.deepEqual(blind, { mx: 0, my: 0, aim: 0.5, buttons: 0 }, "without its own position it stands still");
  });

  it("never steps into a wall it can see", () => {
    const map = generateMap(42);
    const rng = createRng(9);
    const brain = new Brain(5);
    let moved = 0;
    for (let i = 0; i < 3000; i++) {
      const me = player(rng.range(30, 2370), rng.range(30, 2370));
      if (map.obstacles.some((o) => circleIntersectsRect(me.x, me.y, PLAYER_RADIUS_U, o))) continue;
      const players: Record<string, PlayerView> = { me };
      if (i % 2) players.foe = player(me.x + rng.range(-500, 500), me.y + rng.range(-500, 500));
      const out = frame();
      brain.decide(view(players, { map }), out);
      if (out.mx === 0 && out.my === 0) continue;
      moved++;
      const scale = LOOKAHEAD_U / Math.hypot(out.mx, out.my);
      const ax = me.x + out.mx * scale, ay = me.y + out.my * scale;
      assert.ok(!map.obstacles.some((o) => circleIntersectsRect(ax, ay, PLAYER_RADIUS_U, o)), `walked into a wall from ${me.x},${me.y}`);
    }
    assert.ok(moved > 1000, `moved only ${moved} times`);
  });

  it("makes the same choices for the same seed and observations, and different ones for another seed", () => {
    const run = (seed: number) => {
      const brain = new Brain(seed);
      const me = { x: 1200, y: 1200, aim: 0, dashTicks: 0, dashCooldown: 0, fireCooldown: 0, rapidFireTicks: 0 };
      const map = generateMap(7);
      const trace: number[] = [];
      for (let tick = 0; tick < 600; tick++) {
        const out = frame();
        const foe = player(1200 + 400 * Math.cos(tick / 40), 1200 + 400 * Math.sin(tick / 40));
        brain.decide(view({ me: player(me.x, me.y), foe }, { map }), out);
        stepMovement(me, out, map);
        trace.push(out.mx, out.my, out.buttons, Math.round(out.aim * 1e6));
      }
      return trace;
    };
    assert.deepEqual(run(11), run(11));
    assert.notDeepEqual(run(11), run(12));
  });

  it("wanders the arena and now and then walks to a pickup", () => {
    const map = emptyMap();
    const pickup = { x: 1800, y: 600, active: true };
    const me = { x: 400, y: 2000, aim: 0, dashTicks: 0, dashCooldown: 0, fireCooldown: 0, rapidFireTicks: 0 };
    const brain = new Brain(13);
    let closest = Infinity;
    const visited = new Set<string>();
    for (let tick = 0; tick < 30 * 120; tick++) {
      const out = frame();
      brain.decide(view({ me: player(me.x, me.y) }, { map }, [pickup]), out);
      stepMovement(me, out, map);
      closest = Math.min(closest, Math.hypot(me.x - pickup.x, me.y - pickup.y));
      visited.add(`${Math.floor(me.x / 600)},${Math.floor(me.y / 600)}`);
    }
    assert.ok(closest < 50, `never came within 50 u of the pickup (closest ${closest.toFixed(0)})`);
    assert.ok(visited.size >= 6, `stayed in ${visited.size} of 16 map cells`);
  });
});
