import {
  ARENA_BASE_SEATS, ARENA_BASE_SIZE_U, MAX_ARENA_SIZE_U, OBSTACLE_COUNT, OBSTACLE_GAP_U, OBSTACLE_MAX_SIZE_U, OBSTACLE_MIN_SIZE_U,
  PICKUP_SPOT_COUNT, PLAYER_RADIUS_U, SPAWN_POINT_COUNT,
} from "../constants.ts";
import { circleIntersectsRect, distanceSq, type Point, type Rect } from "./geometry.ts";
import { createRng, type Rng } from "./random.ts";

/** Everything static about an arena. Only its seed travels on the wire. */
export interface ArenaMap {
  seed: number;
  width: number;
  height: number;
  obstacles: Rect[];
  spawnPoints: Point[];
  pickupSpots: Point[];
}

const MAX_ATTEMPTS = 4000;

/**
 * The arena's side for a room of `seats`: the base arena up to ARENA_BASE_SEATS, then as
 * much more area per seat, in steps of 100 u, at most MAX_ARENA_SIZE_U.
 */
export function arenaSizeFor(seats: number): number {
  const side = Math.ceil((ARENA_BASE_SIZE_U * Math.sqrt(Math.max(seats, 1) / ARENA_BASE_SEATS)) / 100) * 100;
  return Math.min(MAX_ARENA_SIZE_U, Math.max(ARENA_BASE_SIZE_U, side));
}

/** The arena of `seed`, `size` units on a side (a state's mapSeed and arenaSize). */
export function generateMap(seed: number, size: number = ARENA_BASE_SIZE_U): ArenaMap {
  const rng = createRng(seed);
  const area = (size / ARENA_BASE_SIZE_U) ** 2;
  const obstacles = placeObstacles(rng, size, Math.round(OBSTACLE_COUNT * area));
  const spawnPoints = placeOpenPoints(rng, size, obstacles, Math.round(SPAWN_POINT_COUNT * area), 240, []);
  const pickupSpots = placeOpenPoints(rng, size, obstacles, Math.round(PICKUP_SPOT_COUNT * area), 300, spawnPoints);
  return { seed, width: size, height: size, obstacles, spawnPoints, pickupSpots };
}

function placeObstacles(rng: Rng, size: number, count: number): Rect[] {
  const placed: Rect[] = [];
  const margin = OBSTACLE_GAP_U + PLAYER_RADIUS_U * 2;
  const attempts = MAX_ATTEMPTS * Math.max(1, count / OBSTACLE_COUNT);
  for (let attempt = 0; attempt < attempts && placed.length < count; attempt++) {
    // Mostly walls (long and thin) with some blocks, snapped to a 10-unit grid.
    const long = rng.int(OBSTACLE_MIN_SIZE_U, OBSTACLE_MAX_SIZE_U);
    const short = rng.next() < 0.6 ? rng.int(30, 50) : rng.int(OBSTACLE_MIN_SIZE_U, 140);
    const horizontal = rng.next() < 0.5;
    const w = Math.round((horizontal ? long : short) / 10) * 10;
    const h = Math.round((horizontal ? short : long) / 10) * 10;
    const x = Math.round(rng.range(margin, size - margin - w) / 10) * 10;
    const y = Math.round(rng.range(margin, size - margin - h) / 10) * 10;
    const candidate = { x, y, w, h };
    if (placed.every((o) => !rectsTooClose(o, candidate, OBSTACLE_GAP_U + PLAYER_RADIUS_U * 2))) {
      placed.push(candidate);
    }
  }
  return placed;
}

function rectsTooClose(a: Rect, b: Rect, gap: number): boolean {
  return a.x - gap < b.x + b.w && b.x - gap < a.x + a.w && a.y - gap < b.y + b.h && b.y - gap < a.y + a.h;
}

/** Points where a player fits with room to spare, spread at least `spacing` apart. */
function placeOpenPoints(rng: Rng, size: number, obstacles: Rect[], count: number, spacing: number, avoid: Point[]): Point[] {
  const points: Point[] = [];
  const edge = PLAYER_RADIUS_U * 3;
  let minSpacing = spacing;
  for (let attempt = 0; points.length < count; attempt++) {
    if (attempt > 0 && attempt % MAX_ATTEMPTS === 0) minSpacing *= 0.8; // crowded map: relax
    const p = {
      x: Math.round(rng.range(edge, size - edge)),
      y: Math.round(rng.range(edge, size - edge)),
    };
    if (obstacles.some((o) => circleIntersectsRect(p.x, p.y, PLAYER_RADIUS_U * 2.5, o))) continue;
    if ([...points, ...avoid].some((q) => distanceSq(p, q) < minSpacing * minSpacing * 0.25)) continue;
    points.push(p);
  }
  return points;
}
