// Where a player (re)appears: every candidate point (the map's spawn points and open ground) is
// scored by how dangerous it is right now (living enemies near it, above all those with a
// clear line of fire to it, and enemy shots crossing it) and the player gets one of the
// safest. Pure: the game passes what it knows, a test passes plain points and walls.
import {
  MAX_ARENA_SIZE_U, PLAYER_RADIUS_U, SPAWN_PICK_SLACK, SPAWN_PROTECTION_TICKS, SPAWN_THREAT_RANGE_U,
} from "../../shared/constants.ts";
import { circleIntersectsRect, distanceSq, segmentCircleHitTime, type Point, type Rect } from "../../shared/sim/geometry.ts";
import type { ArenaMap } from "../../shared/sim/map.ts";
import type { Rng } from "../../shared/sim/random.ts";
import { lineOfFireClear } from "../../shared/sim/weapon.ts";
import { SpatialGrid } from "./spatialGrid.ts";

/** The rest of an enemy shot's flight, from where it is now to where it ends. */
export interface ShotPath {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** What threatens a player about to spawn. */
export interface SpawnThreats {
  /** Living enemies. */
  enemies: readonly Point[];
  /** Enemy shots still in flight. */
  shots?: readonly ShotPath[];
}

/** A shot passing this close to a point would hit a player standing there (with a little margin). */
const SHOT_CLEARANCE_U = PLAYER_RADIUS_U * 3;
/**
 * What each threat weighs. An enemy counts within SPAWN_THREAT_RANGE_U, steeply more the
 * nearer it is ((1 - d / range)³: the nearest few decide); one with a clear line of fire
 * counts `exposed` times as much as one behind a wall (which must walk round it first).
 * Measured with bench/spawns.ts (32 bots): weaker line-of-fire weights, or distance alone,
 * leave more fresh spawns dead within 3 s.
 */
export const SpawnWeight = {
  exposed: 10,
  /** An enemy shot whose remaining flight crosses the point: like an exposed enemy ~400 u away. */
  shot: 2,
} as const;

/**
 * How dangerous `point` is for a fresh spawn: 0 when no enemy is within SPAWN_THREAT_RANGE_U
 * and no enemy shot crosses it, more for every enemy in range (the nearer, the more, and much
 * more with a clear line of fire) and every enemy shot crossing it.
 */
export function spawnDanger(point: Point, threats: SpawnThreats, obstacles: readonly Rect[]): number {
  return danger(point, new ThreatIndex(threats), obstacles, true);
}

/**
 * The threats by area: a point's danger reads only the enemies and shots that can reach it,
 * not every one in a room of 128 (cells as wide as the threat range: an enemy in range is in
 * the point's cell or one of its eight neighbours).
 */
class ThreatIndex {
  private readonly enemies = new SpatialGrid<Point>(MAX_ARENA_SIZE_U, MAX_ARENA_SIZE_U, SPAWN_THREAT_RANGE_U);
  private readonly shots = new SpatialGrid<ShotPath>(MAX_ARENA_SIZE_U, MAX_ARENA_SIZE_U, SPAWN_THREAT_RANGE_U);
  private readonly near = { minX: 0, minY: 0, maxX: 0, maxY: 0 };

  constructor(threats: SpawnThreats) {
    for (const enemy of threats.enemies) this.enemies.insertPoint(enemy, enemy.x, enemy.y);
    for (const shot of threats.shots ?? []) {
      this.shots.insertBox(shot, {
        minX: Math.min(shot.x0, shot.x1) - SHOT_CLEARANCE_U, maxX: Math.max(shot.x0, shot.x1) + SHOT_CLEARANCE_U,
        minY: Math.min(shot.y0, shot.y1) - SHOT_CLEARANCE_U, maxY: Math.max(shot.y0, shot.y1) + SHOT_CLEARANCE_U,
      });
    }
  }

  /** Visits every enemy within SPAWN_THREAT_RANGE_U of `point` (and a few beyond). */
  enemiesNear(point: Point, visit: (enemy: Point) => void): void {
    const near = this.near;
    near.minX = point.x - SPAWN_THREAT_RANGE_U;
    near.maxX = point.x + SPAWN_THREAT_RANGE_U;
    near.minY = point.y - SPAWN_THREAT_RANGE_U;
    near.maxY = point.y + SPAWN_THREAT_RANGE_U;
    this.enemies.query(near, visit);
  }

  /** Visits every shot passing within SHOT_CLEARANCE_U of `point` (and a few more). */
  shotsNear(point: Point, visit: (shot: ShotPath) => void): void {
    const near = this.near;
    near.minX = near.maxX = point.x;
    near.minY = near.maxY = point.y;
    this.shots.query(near, visit);
  }
}

/** spawnDanger with every enemy taken as behind a wall: a lower bound of it, without the line-of-fire tests. */
const dangerFloor = (point: Point, threats: ThreatIndex) => danger(point, threats, [], false);

function danger(point: Point, threats: ThreatIndex, obstacles: readonly Rect[], lineOfFire: boolean): number {
  let sum = 0;
  const rangeSq = SPAWN_THREAT_RANGE_U * SPAWN_THREAT_RANGE_U;
  threats.enemiesNear(point, (enemy) => {
    const dSq = distanceSq(point, enemy);
    if (dSq >= rangeSq) return;
    const closeness = 1 - Math.sqrt(dSq) / SPAWN_THREAT_RANGE_U;
    const exposed = lineOfFire && lineOfFireClear(enemy, point, obstacles);
    sum += closeness * closeness * closeness * (exposed ? SpawnWeight.exposed : 1);
  });
  threats.shotsNear(point, (shot) => {
    if (segmentCircleHitTime(shot.x0, shot.y0, shot.x1, shot.y1, point.x, point.y, SHOT_CLEARANCE_U) >= 0) sum += SpawnWeight.shot;
  });
  return sum;
}

/**
 * Picks a spawn point: a seeded pick among the points whose danger is within SPAWN_PICK_SLACK
 * of the least dangerous one (so players do not all appear at the same safe spot), or any
 * point when nobody threatens. The line-of-fire tests are the cost: points are scored in the
 * order of their danger without them (a lower bound), and the scoring stops once that bound
 * alone rules the rest out; the pick is the same as scoring every point.
 */
export function chooseSpawnPoint(points: readonly Point[], threats: SpawnThreats, obstacles: readonly Rect[], rng: Rng): Point {
  const index = new ThreatIndex(threats);
  const floors = points.map((p) => dangerFloor(p, index));
  const order = points.map((_, i) => i).sort((a, b) => floors[a] - floors[b] || a - b);
  const dangers = new Array<number>(points.length).fill(Infinity);
  let least = Infinity;
  for (const i of order) {
    if (floors[i] > least + SPAWN_PICK_SLACK) break;
    dangers[i] = danger(points[i], index, obstacles, true);
    if (dangers[i] < least) least = dangers[i];
  }
  const safest = points.filter((_, i) => dangers[i] <= least + SPAWN_PICK_SLACK);
  return safest[rng.int(0, safest.length - 1)];
}

/** Open ground is sampled on a grid this fine for spawn candidates, beside the map's spawn points. */
const CANDIDATE_GRID_U = 200;
/** Candidates keep this far from obstacles and the arena edge: room to move off in any direction. */
const CANDIDATE_CLEARANCE_U = PLAYER_RADIUS_U * 2.5;

/**
 * Where players may appear on a map: its spawn points, plus open ground on a grid (clear of
 * every obstacle and the edge), so that even a full room finds a spot away from everyone.
 */
export function spawnCandidates(map: ArenaMap): Point[] {
  const points = map.spawnPoints.map((p) => ({ x: p.x, y: p.y }));
  const minGapSq = (CANDIDATE_GRID_U / 2) ** 2;
  for (let y = CANDIDATE_GRID_U / 2; y < map.height; y += CANDIDATE_GRID_U) {
    for (let x = CANDIDATE_GRID_U / 2; x < map.width; x += CANDIDATE_GRID_U) {
      if (x < CANDIDATE_CLEARANCE_U || y < CANDIDATE_CLEARANCE_U || x > map.width - CANDIDATE_CLEARANCE_U || y > map.height - CANDIDATE_CLEARANCE_U) continue;
      if (map.obstacles.some((o) => circleIntersectsRect(x, y, CANDIDATE_CLEARANCE_U, o))) continue;
      const p = { x, y };
      if (points.some((q) => distanceSq(p, q) < minGapSq)) continue;
      points.push(p);
    }
  }
  return points;
}

/** How a game places fresh spawns and protects them: the game's rules, swappable for a benchmark's comparison. */
export interface SpawnRules {
  /** Ticks a fresh spawn takes no damage. */
  protectionTicks: number;
  /** Whether the player's first shot ends that protection at once. */
  protectionEndsOnFire: boolean;
  /** Where players may appear on a map (asked once per game). */
  candidates(map: ArenaMap): Point[];
  choose(points: readonly Point[], threats: SpawnThreats, obstacles: readonly Rect[], rng: Rng): Point;
}

/** The game's spawn rules. */
export const FAIR_SPAWNS: SpawnRules = Object.freeze({
  protectionTicks: SPAWN_PROTECTION_TICKS,
  protectionEndsOnFire: true,
  candidates: spawnCandidates,
  choose: chooseSpawnPoint,
});
