import assert from "node:assert/strict";
import { PLAYER_RADIUS_U, SPAWN_POINT_COUNT, SPAWN_THREAT_RANGE_U } from "../../../shared/constants.ts";
import { circleIntersectsRect, distanceSq, type Rect } from "../../../shared/sim/geometry.ts";
import { generateMap } from "../../../shared/sim/map.ts";
import { createRng } from "../../../shared/sim/random.ts";
import { lineOfFireClear } from "../../../shared/sim/weapon.ts";
import { chooseSpawnPoint, spawnCandidates, spawnDanger, SpawnWeight } from "../../../server/game/spawn.ts";

/** A wall between x 580 and 620, from y 0 to 1000. */
const wall: Rect = { x: 580, y: 0, w: 40, h: 1000 };

describe("line of fire", () => {
  it("is clear across open ground and blocked by a wall (grown by the projectile's radius)", () => {
    assert.equal(lineOfFireClear({ x: 100, y: 500 }, { x: 1000, y: 500 }, []), true);
    assert.equal(lineOfFireClear({ x: 100, y: 500 }, { x: 1000, y: 500 }, [wall]), false);
    assert.equal(lineOfFireClear({ x: 100, y: 1100 }, { x: 1000, y: 1100 }, [wall]), true, "passes below the wall");
    assert.equal(lineOfFireClear({ x: 100, y: 1003 }, { x: 1000, y: 1003 }, [wall]), false, "grazing within the shot's radius");
  });
});

describe("spawn danger", () => {
  const point = { x: 800, y: 500 };

  it("is 0 without enemies, or with every enemy out of range", () => {
    assert.equal(spawnDanger(point, { enemies: [] }, []), 0);
    assert.equal(spawnDanger(point, { enemies: [{ x: 800 + SPAWN_THREAT_RANGE_U + 1, y: 500 }] }, []), 0);
  });

  it("grows as an enemy comes nearer", () => {
    const at = (d: number) => spawnDanger(point, { enemies: [{ x: point.x + d, y: point.y }] }, []);
    assert.ok(at(100) > at(300) && at(300) > at(600) && at(600) > 0);
  });

  it("weighs an enemy with a clear line of fire far above the same enemy behind a wall", () => {
    const hidden = spawnDanger(point, { enemies: [{ x: 400, y: 500 }] }, [wall]);
    const exposed = spawnDanger(point, { enemies: [{ x: 400, y: 500 }] }, []);
    assert.ok(hidden > 0, "a hidden enemy nearby still counts: walls can be walked round");
    assert.ok(Math.abs(exposed / hidden - SpawnWeight.exposed) < 1e-9);
  });

  it("counts enemy shots whose flight crosses the point", () => {
    const crossing = { x0: 800, y0: 100, x1: 800, y1: 900 };
    const missing = { x0: 1000, y0: 100, x1: 1000, y1: 900 };
    assert.equal(spawnDanger(point, { enemies: [], shots: [crossing, missing] }, []), SpawnWeight.shot);
  });
});

describe("choosing a spawn point", () => {
  it("prefers a point hidden behind a wall to an exposed one at the same distance", () => {
    const enemy = { x: 400, y: 500 };
    const hidden = { x: 800, y: 500 }; // behind the wall
    const exposed = { x: 400, y: 900 }; // 400 u straight down, nothing in between
    assert.equal(Math.round(Math.sqrt(distanceSq(enemy, hidden))), Math.round(Math.sqrt(distanceSq(enemy, exposed))));
    const rng = createRng(3);
    for (let i = 0; i < 30; i++) assert.deepEqual(chooseSpawnPoint([exposed, hidden], { enemies: [enemy] }, [wall], rng), hidden);
  });

  it("keeps away from enemies, and spreads picks over equally safe points", () => {
    const points = [{ x: 100, y: 100 }, { x: 2300, y: 100 }, { x: 100, y: 2300 }, { x: 2300, y: 2300 }];
    const rng = createRng(5);
    const enemies = [{ x: 150, y: 150 }];
    const picked = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const p = chooseSpawnPoint(points, { enemies }, [], rng);
      assert.notDeepEqual(p, points[0]);
      picked.add(`${p.x},${p.y}`);
    }
    assert.equal(picked.size, 3, "the three far corners, all out of range, are all used");
  });

  it("takes the least dangerous point when none is safe", () => {
    const points = [50, 100, 150, 200, 250].map((x) => ({ x, y: 0 }));
    const p = chooseSpawnPoint(points, { enemies: [{ x: 0, y: 0 }] }, [], createRng(2));
    assert.deepEqual(p, { x: 250, y: 0 });
  });
});

describe("spawn candidates", () => {
  for (const seed of [1, 42, 0xfeedbeef]) {
    it(`are the map's spawn points plus open ground clear of every obstacle (seed ${seed})`, () => {
      const map = generateMap(seed);
      const candidates = spawnCandidates(map);
      assert.deepEqual(candidates.slice(0, SPAWN_POINT_COUNT), map.spawnPoints);
      assert.ok(candidates.length > SPAWN_POINT_COUNT * 3, `${candidates.length} candidates`);
      for (const c of candidates) {
        for (const o of map.obstacles) assert.ok(!circleIntersectsRect(c.x, c.y, PLAYER_RADIUS_U, o), `${c.x},${c.y} in an obstacle`);
        assert.ok(c.x >= PLAYER_RADIUS_U && c.y >= PLAYER_RADIUS_U && c.x <= map.width - PLAYER_RADIUS_U && c.y <= map.height - PLAYER_RADIUS_U);
      }
    });
  }
});
