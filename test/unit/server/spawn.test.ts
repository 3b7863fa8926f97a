import assert from "node:assert/strict";
import {
  MAX_ARENA_SIZE_U, PLAYER_RADIUS_U, SPAWN_PICK_SLACK, SPAWN_POINT_COUNT, SPAWN_THREAT_RANGE_U,
} from "../../../shared/constants.ts";
import { circleIntersectsRect, distanceSq, segmentCircleHitTime, type Point, type Rect } from "../../../shared/sim/geometry.ts";
import { arenaSizeFor, generateMap, type ArenaMap } from "../../../shared/sim/map.ts";
import { createRng, type Rng } from "../../../shared/sim/random.ts";
import { lineOfFireClear } from "../../../shared/sim/weapon.ts";
import {
  chooseSpawnPoint, spawnCandidates, spawnDanger, SpawnWeight, type ShotPath, type SpawnThreats,
} from "../../../server/game/spawn.ts";

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

// chooseSpawnPoint scores only what it must (bounds first, line-of-fire tests nearest enemy
// first, scratch kept between calls); its pick must still be exactly the one of scoring every
// point, for the same rng draws.

/**
 * A room's worth of threats: `count` enemies on open ground, each with 0–3 shots in flight;
 * `bunched` of them (a share) near another one, as fights go, the rest anywhere.
 */
function randomThreats(rng: Rng, map: ArenaMap, count: number, bunched = 0.5): SpawnThreats {
  const enemies: Point[] = [];
  const shots: ShotPath[] = [];
  const open = (x: number, y: number) => !map.obstacles.some((o) => circleIntersectsRect(x, y, PLAYER_RADIUS_U, o));
  while (enemies.length < count) {
    const near = enemies.length > 0 && rng.next() < bunched ? enemies[rng.int(0, enemies.length - 1)] : null;
    const x = near ? near.x + rng.range(-300, 300) : rng.range(0, map.width);
    const y = near ? near.y + rng.range(-300, 300) : rng.range(0, map.height);
    if (x < 0 || y < 0 || x > map.width || y > map.height || !open(x, y)) continue;
    enemies.push({ x, y });
    for (let k = rng.int(0, 3); k > 0; k--) {
      const a = rng.range(0, Math.PI * 2), from = rng.range(0, 300), to = from + rng.range(100, 700);
      shots.push({ x0: x + Math.cos(a) * from, y0: y + Math.sin(a) * from, x1: x + Math.cos(a) * to, y1: y + Math.sin(a) * to });
    }
  }
  return { enemies, shots };
}

/** The pick spelled out: every point scored, those within the slack of the least, one drawn. */
function referencePick(points: readonly Point[], threats: SpawnThreats, obstacles: readonly Rect[], rng: Rng): Point {
  const dangers = points.map((p) => spawnDanger(p, threats, obstacles));
  const least = Math.min(...dangers);
  const safest = points.filter((_, i) => dangers[i] <= least + SPAWN_PICK_SLACK);
  return safest[rng.int(0, safest.length - 1)];
}

/**
 * spawnDanger spelled out. The sum's last bit depends on the order of its terms, and picks
 * compare sums: enemies are added in the order of the threat-range cells they are in (rows,
 * then columns), each cell's in the order given, then the shots in the order given.
 */
function plainDanger(point: Point, threats: SpawnThreats, obstacles: readonly Rect[]): number {
  const cols = Math.ceil(MAX_ARENA_SIZE_U / SPAWN_THREAT_RANGE_U);
  const at = (v: number) => Math.min(cols - 1, Math.max(0, Math.floor(v / SPAWN_THREAT_RANGE_U)));
  const cell = (p: Point) => at(p.y) * cols + at(p.x);
  const inRange = threats.enemies
    .filter((e) => distanceSq(point, e) < SPAWN_THREAT_RANGE_U ** 2)
    .map((e, i) => ({ e, i }))
    .sort((a, b) => cell(a.e) - cell(b.e) || a.i - b.i);
  let sum = 0;
  for (const { e } of inRange) {
    const closeness = 1 - Math.sqrt(distanceSq(point, e)) / SPAWN_THREAT_RANGE_U;
    sum += closeness * closeness * closeness * (lineOfFireClear(e, point, obstacles) ? SpawnWeight.exposed : 1);
  }
  for (const s of threats.shots ?? []) {
    if (segmentCircleHitTime(s.x0, s.y0, s.x1, s.y1, point.x, point.y, PLAYER_RADIUS_U * 3) >= 0) sum += SpawnWeight.shot;
  }
  return sum;
}

describe("choosing a spawn point, the same as scoring every point", () => {
  it("spawnDanger is the plain sum, to the last bit", () => {
    const rng = createRng(17);
    for (const seats of [16, 64, 128]) {
      const map = generateMap(seats, arenaSizeFor(seats));
      const points = spawnCandidates(map);
      for (let round = 0; round < 4; round++) {
        const threats = randomThreats(rng, map, seats - 1);
        for (let k = 0; k < 60; k++) {
          const p = points[rng.int(0, points.length - 1)];
          assert.equal(spawnDanger(p, threats, map.obstacles), plainDanger(p, threats, map.obstacles));
        }
      }
    }
  });

  it("picks what scoring every point picks, with the same rng draws, room after room (up to 128 players)", function () {
    this.timeout(60_000);
    const rng = createRng(99);
    // Rooms of different sizes in turn: scratch kept from a bigger room must not leak into a smaller one.
    const rooms = [8, 128, 32, 64, 128, 2, 96, 16].map((seats, i) => {
      const map = generateMap(1000 + i, arenaSizeFor(seats));
      return { seats, map, points: spawnCandidates(map) };
    });
    let calls = 0, distinct = 0;
    for (let round = 0; round < 8; round++) {
      for (const { seats, map, points } of rooms) {
        // Alone in the room, or half to all of it alive, spread out (nowhere safe: the least
        // danger is well above 0) or bunched, or twice as crowded as a full room.
        const alive = round === 0 ? 0 : rng.int(Math.floor((seats - 1) / 2), seats - 1) * (round % 3 === 2 ? 2 : 1);
        const threats = randomThreats(rng, map, alive, round % 3 === 1 ? 0.7 : 0);
        const seed = rng.int(0, 2 ** 31);
        const mine = createRng(seed), theirs = createRng(seed);
        const picked = chooseSpawnPoint(points, threats, map.obstacles, mine);
        assert.equal(picked, referencePick(points, threats, map.obstacles, theirs), `${seats} seats, round ${round}`);
        assert.equal(mine.next(), theirs.next(), "the same number of draws");
        calls++;
        if (picked !== points[0]) distinct++;
      }
    }
    assert.ok(calls === 64 && distinct > 0);
  });

  it("notices obstacles moved between calls", () => {
    const enemy = { x: 400, y: 500 };
    const left = { x: 400, y: 900 }, right = { x: 800, y: 500 }; // both 400 u from the enemy
    const obstacles: Rect[] = [{ x: 580, y: 0, w: 40, h: 1000 }]; // hides `right`
    const rng = createRng(4);
    assert.equal(chooseSpawnPoint([left, right], { enemies: [enemy] }, obstacles, rng), right);
    Object.assign(obstacles[0], { x: 200, y: 680, w: 400, h: 40 }); // now hides `left` instead
    assert.equal(chooseSpawnPoint([left, right], { enemies: [enemy] }, obstacles, rng), left);
  });
});
