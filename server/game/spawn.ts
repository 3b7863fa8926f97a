// Where a player (re)appears: every candidate point (the map's spawn points and open ground) is
// scored by how dangerous it is right now (living enemies near it, above all those with a
// clear line of fire to it, and enemy shots crossing it) and the player gets one of the
// safest. Pure: the game passes what it knows, a test passes plain points and walls.
import {
  MAX_ARENA_SIZE_U, PLAYER_RADIUS_U, PROJECTILE_RADIUS_U, SPAWN_PICK_SLACK, SPAWN_PROTECTION_TICKS, SPAWN_THREAT_RANGE_U,
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
  const danger = threatIndex.fill(threats).danger(point, obstacles, Infinity);
  threatIndex.release();
  return danger;
}

const RANGE_SQ = SPAWN_THREAT_RANGE_U * SPAWN_THREAT_RANGE_U;

/**
 * The threats by area, and the scoring of a point against them. A point's danger reads only
 * the enemies and shots that can reach it, not every one in a room of 128 (cells as wide as
 * the threat range: an enemy in range is in the point's cell or one of its eight neighbours).
 * One index serves every call, filled afresh each time, its arrays kept: a spawn allocates
 * next to nothing (young-generation pauses show in the tick's p99).
 *
 * A danger is a sum of floats, whose last bit depends on the order of the terms: enemies are
 * added cell by cell (rows, then columns, as SpatialGrid.query visits them) in the order they
 * were given, then shots. Keep that order: a pick compares dangers with the least one plus a
 * slack, and a bit more or less could change it.
 */
class ThreatIndex {
  /** Enemy and shot numbers (indices into enemies and shots). */
  private readonly enemyCells = new SpatialGrid<number>(MAX_ARENA_SIZE_U, MAX_ARENA_SIZE_U, SPAWN_THREAT_RANGE_U);
  private readonly shotCells = new SpatialGrid<number>(MAX_ARENA_SIZE_U, MAX_ARENA_SIZE_U, SPAWN_THREAT_RANGE_U);
  private enemies: readonly Point[] = [];
  /** Enemy positions, copied once per call: every point's scoring reads them. */
  private enemyX = new Float64Array(64);
  private enemyY = new Float64Array(64);
  /** Each shot's x0, y0, x1, y1. */
  private shots = new Float64Array(256);
  private readonly box = { minX: 0, minY: 0, maxX: 0, maxY: 0 };

  // The point being scored (gather): its enemies in range in the order their terms are added,
  // each term's closeness³ and weight (1 until a clear line of fire makes it exposed), and how
  // many shots cross it.
  private inRange = 0;
  private enemyOf = new Int32Array(64);
  private cubes = new Float64Array(64);
  private weights = new Float64Array(64);
  private byCube = new Int32Array(64);
  private shotHits = 0;

  /** Set by bounds(): the point's danger were every enemy in range behind a wall, or every one exposed. */
  floor = 0;
  ceiling = 0;

  fill(threats: SpawnThreats): this {
    this.enemyCells.clear();
    this.shotCells.clear();
    const enemies = (this.enemies = threats.enemies);
    if (this.enemyX.length < enemies.length) {
      const size = enemies.length * 2;
      this.enemyX = new Float64Array(size);
      this.enemyY = new Float64Array(size);
      this.enemyOf = new Int32Array(size);
      this.cubes = new Float64Array(size);
      this.weights = new Float64Array(size);
      this.byCube = new Int32Array(size);
    }
    for (let i = 0; i < enemies.length; i++) {
      const { x, y } = enemies[i];
      this.enemyX[i] = x;
      this.enemyY[i] = y;
      this.enemyCells.insertPoint(i, x, y);
    }
    const shots = threats.shots ?? [];
    if (this.shots.length < shots.length * 4) this.shots = new Float64Array(shots.length * 8);
    const box = this.box;
    for (let i = 0; i < shots.length; i++) {
      const { x0, y0, x1, y1 } = shots[i];
      const at = i * 4;
      this.shots[at] = x0;
      this.shots[at + 1] = y0;
      this.shots[at + 2] = x1;
      this.shots[at + 3] = y1;
      box.minX = Math.min(x0, x1) - SHOT_CLEARANCE_U;
      box.maxX = Math.max(x0, x1) + SHOT_CLEARANCE_U;
      box.minY = Math.min(y0, y1) - SHOT_CLEARANCE_U;
      box.maxY = Math.max(y0, y1) + SHOT_CLEARANCE_U;
      this.shotCells.insertBox(i, box);
    }
    return this;
  }

  /** Lets go of the caller's enemies (the index outlives the call). */
  release(): void {
    this.enemies = [];
  }

  /** Sets floor and ceiling for `point`: its danger lies between them, whatever the lines of fire. */
  bounds(point: Point): void {
    this.gather(point, false);
  }

  /**
   * spawnDanger of `point`, or Infinity as soon as it is sure to be above `limit`. The lines of
   * fire are tested nearest enemy first (the largest term): one exposed near enemy usually
   * settles it. The total with the lines found so far, the others taken as blocked, is summed
   * in the same order as the danger and only ever grows as lines turn out clear, so once it is
   * above `limit` the danger is too, to the last bit.
   */
  danger(point: Point, obstacles: readonly Rect[], limit: number): number {
    this.gather(point, true);
    const n = this.inRange, cubes = this.cubes, byCube = this.byCube;
    for (let k = 0; k < n; k++) {
      // Insertion sort, largest first: a dozen or so enemies.
      let j = k;
      for (; j > 0 && cubes[byCube[j - 1]] < cubes[k]; j--) byCube[j] = byCube[j - 1];
      byCube[j] = k;
    }
    for (let j = 0; j < n; j++) {
      const k = byCube[j];
      if (!lineOfFireClear(this.enemies[this.enemyOf[k]], point, obstacles)) continue;
      this.weights[k] = SpawnWeight.exposed;
      if (limit !== Infinity && this.total() > limit) return Infinity;
    }
    return this.total();
  }

  /**
   * Walks the enemies in range of `point` and the shots crossing it, in the order of the
   * terms: sets floor and ceiling (every term at weight 1, or every enemy's at `exposed`), and
   * with `keep` notes the terms for danger() (weights 1 until a line of fire is found clear).
   */
  private gather(point: Point, keep: boolean): void {
    const px = point.x, py = point.y;
    const grid = this.enemyCells, ex = this.enemyX, ey = this.enemyY;
    let floor = 0, ceiling = 0, n = 0;
    const c0 = grid.col(px - SPAWN_THREAT_RANGE_U), c1 = grid.col(px + SPAWN_THREAT_RANGE_U);
    const r0 = grid.row(py - SPAWN_THREAT_RANGE_U), r1 = grid.row(py + SPAWN_THREAT_RANGE_U);
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = grid.cellAt(c, r), items = grid.cellItems(cell);
        for (let k = 0, count = grid.cellCount(cell); k < count; k++) {
          const i = items[k];
          // distanceSq(point, enemy), bit for bit (x ** 2 is x * x exactly), without a pow call.
          const dx = px - ex[i], dy = py - ey[i];
          const dSq = dx * dx + dy * dy;
          if (dSq >= RANGE_SQ) continue;
          const closeness = 1 - Math.sqrt(dSq) / SPAWN_THREAT_RANGE_U;
          const cube = closeness * closeness * closeness;
          floor += cube;
          ceiling += cube * SpawnWeight.exposed;
          if (keep) {
            this.enemyOf[n] = i;
            this.cubes[n] = cube;
            this.weights[n] = 1;
            n++;
          }
        }
      }
    }
    let hits = 0;
    const shotCells = this.shotCells, shots = this.shots;
    const cell = shotCells.cellAt(shotCells.col(px), shotCells.row(py)), items = shotCells.cellItems(cell);
    for (let k = 0, count = shotCells.cellCount(cell); k < count; k++) {
      const at = items[k] * 4;
      if (segmentCircleHitTime(shots[at], shots[at + 1], shots[at + 2], shots[at + 3], px, py, SHOT_CLEARANCE_U) < 0) continue;
      floor += SpawnWeight.shot;
      ceiling += SpawnWeight.shot;
      hits++;
    }
    this.floor = floor;
    this.ceiling = ceiling;
    this.inRange = n;
    this.shotHits = hits;
  }

  /** The gathered terms at their current weights, then the shots, added one by one. */
  private total(): number {
    let sum = 0;
    for (let k = 0; k < this.inRange; k++) sum += this.cubes[k] * this.weights[k];
    for (let k = 0; k < this.shotHits; k++) sum += SpawnWeight.shot;
    return sum;
  }
}

const threatIndex = new ThreatIndex();

/** ObstaclesNear keeps a list per cell this wide (the list covers 2 × NEAR_REACH_U more). */
const NEAR_CELL_U = 200;
/**
 * How far beyond a point an obstacle can block a line of fire to it from an enemy in range:
 * the range, the projectile's radius (lineOfFireClear grows its box by it), and 1 u more than
 * any rounding of that box.
 */
const NEAR_REACH_U = SPAWN_THREAT_RANGE_U + PROJECTILE_RADIUS_U + 1;

/**
 * The obstacles that could block a line of fire to a point from an enemy in range, by cell:
 * a test then looks at a score or so of a big arena's 150 obstacles. The answer is the same,
 * as lineOfFireClear's box test turns the others away. Built once per map (per obstacles
 * array; each cell's list when first asked for), and again should the obstacles change.
 */
class ObstaclesNear {
  /** The obstacles as they were when this was built (x, y, w, h each). */
  private readonly copy: Float64Array;
  private readonly cols = Math.ceil(MAX_ARENA_SIZE_U / NEAR_CELL_U);
  private readonly lists: (Rect[] | undefined)[] = [];

  constructor(private readonly obstacles: readonly Rect[]) {
    this.copy = new Float64Array(obstacles.length * 4);
    obstacles.forEach((o, i) => this.copy.set([o.x, o.y, o.w, o.h], i * 4));
  }

  static of(obstacles: readonly Rect[]): ObstaclesNear {
    let near = obstaclesNear.get(obstacles);
    if (!near || !near.isOf(obstacles)) obstaclesNear.set(obstacles, (near = new ObstaclesNear(obstacles)));
    return near;
  }

  /** Whether `obstacles` are still the ones this was built of. */
  private isOf(obstacles: readonly Rect[]): boolean {
    const copy = this.copy;
    if (obstacles.length * 4 !== copy.length) return false;
    for (let i = 0; i < obstacles.length; i++) {
      const o = obstacles[i], at = i * 4;
      if (o.x !== copy[at] || o.y !== copy[at + 1] || o.w !== copy[at + 2] || o.h !== copy[at + 3]) return false;
    }
    return true;
  }

  /** Every obstacle that could block a line of fire to `point` from within SPAWN_THREAT_RANGE_U. */
  around(point: Point): readonly Rect[] {
    const col = Math.floor(point.x / NEAR_CELL_U), row = Math.floor(point.y / NEAR_CELL_U);
    // Off the grid (or not a number): no list, all of them.
    if (!(col >= 0 && col < this.cols && row >= 0 && row < this.cols)) return this.obstacles;
    const cell = row * this.cols + col;
    let list = this.lists[cell];
    if (!list) {
      const minX = col * NEAR_CELL_U - NEAR_REACH_U, maxX = (col + 1) * NEAR_CELL_U + NEAR_REACH_U;
      const minY = row * NEAR_CELL_U - NEAR_REACH_U, maxY = (row + 1) * NEAR_CELL_U + NEAR_REACH_U;
      list = this.lists[cell] = this.obstacles.filter((o) => o.x <= maxX && o.x + o.w >= minX && o.y <= maxY && o.y + o.h >= minY);
    }
    return list;
  }
}

const obstaclesNear = new WeakMap<readonly Rect[], ObstaclesNear>();

/** Per-point scratch of chooseSpawnPoint, kept between calls (grown as needed). */
let floors = new Float64Array(1024);
let ceilings = new Float64Array(1024);
let dangers = new Float64Array(1024);
/** A min-heap of point indices by floor: the points are scored in that order, and most never are. */
let heap = new Int32Array(1024);

function siftDown(size: number, at: number): void {
  const item = heap[at], key = floors[item];
  for (;;) {
    let child = 2 * at + 1;
    if (child >= size) break;
    if (child + 1 < size && floors[heap[child + 1]] < floors[heap[child]]) child++;
    if (floors[heap[child]] >= key) break;
    heap[at] = heap[child];
    at = child;
  }
  heap[at] = item;
}

/**
 * Picks a spawn point: a seeded pick among the points whose danger is within SPAWN_PICK_SLACK
 * of the least dangerous one (so players do not all appear at the same safe spot), or any
 * point when nobody threatens. The line-of-fire tests are the cost. Every point is first
 * bounded without them (its floor takes every enemy in range as behind a wall, its ceiling
 * every one as exposed); then points are scored in the order of their floors, each only as
 * far as needed to tell it is out, and the scoring stops once the floors alone rule the rest
 * out. The pick is the same as scoring every point with spawnDanger: only the points the
 * bounds prove out (or in) are skipped, and the rng is asked the same.
 */
export function chooseSpawnPoint(points: readonly Point[], threats: SpawnThreats, obstacles: readonly Rect[], rng: Rng): Point {
  const n = points.length;
  if (floors.length < n) {
    floors = new Float64Array(n * 2);
    ceilings = new Float64Array(n * 2);
    dangers = new Float64Array(n * 2);
    heap = new Int32Array(n * 2);
  }
  const index = threatIndex.fill(threats);
  const near = ObstaclesNear.of(obstacles);
  // The least danger is at most the least ceiling: a point whose floor is above that plus the
  // slack cannot be picked, and never enters the heap.
  let leastCeiling = Infinity;
  for (let i = 0; i < n; i++) {
    index.bounds(points[i]);
    floors[i] = index.floor;
    ceilings[i] = index.ceiling;
    if (index.ceiling < leastCeiling) leastCeiling = index.ceiling;
  }
  let size = 0;
  for (let i = 0; i < n; i++) if (floors[i] <= leastCeiling + SPAWN_PICK_SLACK) heap[size++] = i;
  for (let at = (size >> 1) - 1; at >= 0; at--) siftDown(size, at);
  dangers.fill(Infinity, 0, n); // unscored: out
  let least = Infinity;
  while (size > 0) {
    const i = heap[0];
    heap[0] = heap[--size];
    siftDown(size, 0);
    const floor = floors[i], ceiling = ceilings[i];
    if (floor > least + SPAWN_PICK_SLACK) break;
    if (floor >= least && ceiling <= least + SPAWN_PICK_SLACK) {
      // Every point from here on is at least as dangerous as its floor, so none is below
      // `least`: it is final, and this point is within the slack of it whatever its lines of
      // fire. Its ceiling stands in for its danger.
      dangers[i] = ceiling;
      continue;
    }
    // Equal bounds (mostly: no enemy in range) are the danger, nothing to test. Infinity (sure
    // to be above the limit) is out for good, as `least` only falls.
    dangers[i] = floor === ceiling ? floor : index.danger(points[i], near.around(points[i]), least + SPAWN_PICK_SLACK);
    if (dangers[i] < least) least = dangers[i];
  }
  index.release();
  let safe = 0;
  for (let i = 0; i < n; i++) if (dangers[i] <= least + SPAWN_PICK_SLACK) safe++;
  let pick = rng.int(0, safe - 1);
  for (let i = 0; i < n; i++) if (dangers[i] <= least + SPAWN_PICK_SLACK && pick-- === 0) return points[i];
  return points[n]; // no points at all: undefined, as before
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
