import assert from "node:assert/strict";
import { DASH_COOLDOWN_TICKS, DASH_SPEED, DASH_TICKS, PLAYER_RADIUS_U, PLAYER_SPEED, STEP_SECONDS } from "../../../shared/constants.ts";
import { stepMovement } from "../../../shared/sim/movement.ts";
import { snapX } from "../../../shared/sim/quantize.ts";
import { Button } from "../../../shared/sim/types.ts";
import { generateMap } from "../../../shared/sim/map.ts";
import { circleIntersectsRect } from "../../../shared/sim/geometry.ts";
import { PlayerState } from "../../../shared/schema.ts";
import { createRng } from "../../../shared/sim/random.ts";
import { freshPlayer, idle, openMap } from "../../helpers/world.ts";

describe("stepMovement", () => {
  it("moves at PLAYER_SPEED along an axis, snapped to wire precision", () => {
    const p = freshPlayer(1000, 1000);
    for (let i = 0; i < 30; i++) stepMovement(p, idle({ mx: 1 }), openMap());
    // Each step lands on the 0.037-unit wire grid, so a second of walking is within 30 × 0.019 of exact.
    assert.ok(Math.abs(p.x - (1000 + PLAYER_SPEED)) < 0.6, `x=${p.x}`);
    assert.equal(p.x, snapX(p.x));
    assert.ok(Math.abs(p.y - 1000) < 0.05);
  });

  it("normalizes diagonal movement", () => {
    const p = freshPlayer(1000, 1000);
    stepMovement(p, idle({ mx: 1, my: 1 }), openMap());
    const moved = Math.hypot(p.x - 1000, p.y - 1000);
    assert.ok(Math.abs(moved - PLAYER_SPEED * STEP_SECONDS) < 0.1, `moved ${moved}`);
  });

  it("does not move without input but still aims", () => {
    const p = freshPlayer(500, 500);
    stepMovement(p, idle({ aim: 1 }), openMap());
    assert.deepEqual([p.x, p.y], [500, 500]);
    assert.ok(Math.abs(p.aim - 1) < 0.03);
  });

  it("stops at an obstacle and slides along it", () => {
    const wall = { x: 1100, y: 800, w: 50, h: 400 };
    const p = freshPlayer(1000, 1000);
    for (let i = 0; i < 30; i++) {
      stepMovement(p, idle({ mx: 1, my: 1 }), openMap([wall]));
      assert.ok(p.x <= wall.x - PLAYER_RADIUS_U + 0.05, `went into the wall: x=${p.x}`);
    }
    assert.ok(p.y > 1100, `did not slide along the wall: y=${p.y}`);
  });

  it("never leaves the arena", () => {
    const map = openMap();
    const p = freshPlayer(map.width - 30, 30);
    for (let i = 0; i < 30; i++) stepMovement(p, idle({ mx: 1, my: -1 }), openMap());
    assert.ok(Math.abs(p.x - (map.width - PLAYER_RADIUS_U)) < 0.05);
    assert.ok(Math.abs(p.y - PLAYER_RADIUS_U) < 0.05);
  });

  it("dashes for DASH_TICKS at DASH_SPEED, then cools down", () => {
    const p = freshPlayer(1000, 1000);
    stepMovement(p, idle({ mx: 1, buttons: Button.DASH }), openMap());
    assert.ok(Math.abs(p.x - (1000 + DASH_SPEED * STEP_SECONDS)) < 0.1);
    for (let i = 1; i < DASH_TICKS; i++) stepMovement(p, idle({ mx: 1, buttons: Button.DASH }), openMap());
    const afterDash = p.x;
    stepMovement(p, idle({ mx: 1, buttons: Button.DASH }), openMap());
    assert.ok(Math.abs(p.x - afterDash - PLAYER_SPEED * STEP_SECONDS) < 0.1, "dash must not restart during cooldown");
    assert.equal(p.dashCooldown, DASH_COOLDOWN_TICKS - DASH_TICKS);
  });

  it("dashes toward the aim when standing still", () => {
    const p = freshPlayer(1000, 1000);
    stepMovement(p, idle({ aim: Math.PI / 2, buttons: Button.DASH }), openMap());
    assert.ok(p.y > 1000 + DASH_SPEED * STEP_SECONDS - 0.5);
  });

  it("is deterministic: same inputs, same result", () => {
    const map = generateMap(7);
    const run = () => {
      const p = freshPlayer(map.spawnPoints[0].x, map.spawnPoints[0].y);
      for (let i = 0; i < 600; i++) stepMovement(p, idle({ mx: Math.sign(Math.sin(i / 17)), my: Math.sign(Math.cos(i / 23)), aim: i / 10, buttons: i % 50 === 0 ? Button.DASH : 0 }), map);
      return p;
    };
    assert.deepEqual(run(), run());
  });

  it("keeps players out of every obstacle of a generated map", () => {
    const map = generateMap(99);
    const p = freshPlayer(map.spawnPoints[0].x, map.spawnPoints[0].y);
    for (let i = 0; i < 3000; i++) {
      stepMovement(p, idle({ mx: Math.sign(Math.sin(i / 31)), my: Math.sign(Math.cos(i / 41)) }), map);
      for (const o of map.obstacles) assert.ok(!circleIntersectsRect(p.x, p.y, PLAYER_RADIUS_U - 0.1, o), `inside obstacle at step ${i}`);
    }
  });

  it("gives a plain object (client prediction) exactly the server's schema positions, walls included", () => {
    // The schema snaps every write to wire precision; the plain object must land on the same numbers.
    const map = generateMap(7);
    const rng = createRng(3);
    for (let run = 0; run < 40; run++) {
      const start = map.spawnPoints[run % map.spawnPoints.length];
      const server = new PlayerState({ x: start.x, y: start.y });
      const plain = freshPlayer(server.x, server.y); // both start on the wire grid
      for (let i = 0; i < 300; i++) {
        if (i % 15 === 0) { var mx = rng.int(-1, 1), my = rng.int(-1, 1); }
        const input = idle({ mx: mx!, my: my!, aim: rng.range(0, 6.3), buttons: rng.next() < 0.02 ? Button.DASH : 0 });
        stepMovement(plain, input, map);
        stepMovement(server, input, map);
        assert.deepEqual([plain.x, plain.y], [server.x, server.y], `run ${run}, step ${i}`);
      }
    }
  });
});
