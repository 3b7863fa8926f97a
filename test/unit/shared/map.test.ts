import assert from "node:assert/strict";
import {
  ARENA_BASE_SEATS, ARENA_BASE_SIZE_U, MAX_ARENA_SIZE_U, MAX_PLAYERS_LIMIT, OBSTACLE_COUNT, PICKUP_SPOT_COUNT, PLAYER_RADIUS_U, SPAWN_POINT_COUNT,
} from "../../../shared/constants.ts";
import { circleIntersectsRect } from "../../../shared/sim/geometry.ts";
import { arenaSizeFor, generateMap } from "../../../shared/sim/map.ts";
import { createRng } from "../../../shared/sim/random.ts";

describe("generateMap", () => {
  it("is a pure function of the seed", () => {
    assert.deepEqual(generateMap(1234), generateMap(1234));
    assert.notDeepEqual(generateMap(1234).obstacles, generateMap(1235).obstacles);
  });

  for (const [seed, size] of [[0, 2400], [1, 2400], [42, 2800], [0xffffffff, 5600]]) {
    it(`lays out obstacles, spawns and pickups in open ground (seed ${seed}, ${size} u)`, () => {
      const map = generateMap(seed, size);
      const area = (size / ARENA_BASE_SIZE_U) ** 2;
      assert.deepEqual([map.width, map.height], [size, size]);
      assert.ok(map.obstacles.length >= OBSTACLE_COUNT * area * 0.6, `only ${map.obstacles.length} obstacles`);
      assert.equal(map.spawnPoints.length, Math.round(SPAWN_POINT_COUNT * area));
      assert.equal(map.pickupSpots.length, Math.round(PICKUP_SPOT_COUNT * area));
      for (const o of map.obstacles) assert.ok(o.x > 0 && o.y > 0 && o.x + o.w < size && o.y + o.h < size);
      for (const p of [...map.spawnPoints, ...map.pickupSpots]) {
        for (const o of map.obstacles) assert.ok(!circleIntersectsRect(p.x, p.y, PLAYER_RADIUS_U, o));
      }
    });
  }
});

describe("arenaSizeFor", () => {
  it("keeps the base arena up to its seats, then as much area per seat, within the quantized range", () => {
    assert.equal(arenaSizeFor(2), ARENA_BASE_SIZE_U);
    assert.equal(arenaSizeFor(ARENA_BASE_SEATS), ARENA_BASE_SIZE_U);
    assert.deepEqual([32, 64, 128].map(arenaSizeFor), [2800, 4000, 5600]);
    assert.ok(arenaSizeFor(MAX_PLAYERS_LIMIT) <= MAX_ARENA_SIZE_U);
    for (const seats of [32, 64, 128]) {
      const density = seats / arenaSizeFor(seats) ** 2, base = ARENA_BASE_SEATS / ARENA_BASE_SIZE_U ** 2;
      assert.ok(density <= base && density > base * 0.9, `${seats} seats: ${density} per u² against ${base}`);
    }
  });
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
