import assert from "node:assert/strict";
import { OBSTACLE_COUNT, PICKUP_SPOT_COUNT, PLAYER_RADIUS_U, SPAWN_POINT_COUNT, WORLD_WIDTH_U } from "../../../shared/constants.ts";
import { circleIntersectsRect } from "../../../shared/sim/geometry.ts";
import { generateMap } from "../../../shared/sim/map.ts";
import { createRng } from "../../../shared/sim/random.ts";

describe("generateMap", () => {
  it("is a pure function of the seed", () => {
    assert.deepEqual(generateMap(1234), generateMap(1234));
    assert.notDeepEqual(generateMap(1234).obstacles, generateMap(1235).obstacles);
  });

  for (const seed of [0, 1, 42, 0xffffffff]) {
    it(`lays out obstacles, spawns and pickups in open ground (seed ${seed})`, () => {
      const map = generateMap(seed);
      assert.ok(map.obstacles.length >= OBSTACLE_COUNT * 0.6, `only ${map.obstacles.length} obstacles`);
      assert.equal(map.spawnPoints.length, SPAWN_POINT_COUNT);
      assert.equal(map.pickupSpots.length, PICKUP_SPOT_COUNT);
      for (const o of map.obstacles) assert.ok(o.x > 0 && o.y > 0 && o.x + o.w < WORLD_WIDTH_U && o.y + o.h < WORLD_WIDTH_U);
      for (const p of [...map.spawnPoints, ...map.pickupSpots]) {
        for (const o of map.obstacles) assert.ok(!circleIntersectsRect(p.x, p.y, PLAYER_RADIUS_U, o));
      }
    });
  }
});

describe("createRng", () => {
  it("repeats its stream for a seed and stays in range", () => {
    const a = createRng(5), b = createRng(5);
    for (let i = 0; i < 1000; i++) {
      const v = a.next();
      assert.equal(v, b.next());
      assert.ok(v >= 0 && v < 1);
    }
    const r = createRng(9);
    for (let i = 0; i < 1000; i++) {
      const n = r.int(3, 5);
      assert.ok(n >= 3 && n <= 5 && Number.isInteger(n));
    }
  });
});
