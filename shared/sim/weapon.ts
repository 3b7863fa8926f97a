import {
  FIRE_COOLDOWN_TICKS, MUZZLE_OFFSET_U, PROJECTILE_LIFE_TICKS, PROJECTILE_RADIUS_U, PROJECTILE_SPEED,
  RAPID_FIRE_COOLDOWN_TICKS, STEP_SECONDS,
} from "../constants.ts";
import { segmentMeetsRect, segmentRectHitTime, type Point, type Rect } from "./geometry.ts";
import type { ArenaMap } from "./map.ts";
import { snapHeading, snapX, snapY } from "./quantize.ts";
import { Button, type InputLike, type MovingPlayer } from "./types.ts";

/**
 * A projectile is fully described by where and when it was launched: both sides
 * compute its flight from these, so it costs no bandwidth after it appears.
 */
export interface ProjectileLaunch {
  x0: number;
  y0: number;
  /** Wire-snapped heading in radians. */
  heading: number;
  spawnTick: number;
}

/** Advances the weapon's timers by one input step; true when this input fires a shot. */
export function stepWeapon(p: MovingPlayer, input: InputLike): boolean {
  if (p.fireCooldown > 0) p.fireCooldown--;
  if (p.rapidFireTicks > 0) p.rapidFireTicks--;
  if ((input.buttons & Button.FIRE) === 0 || p.fireCooldown > 0) return false;
  p.fireCooldown = p.rapidFireTicks > 0 ? RAPID_FIRE_COOLDOWN_TICKS : FIRE_COOLDOWN_TICKS;
  return true;
}

export function launchFrom(p: Point, aim: number, tick: number): ProjectileLaunch {
  const heading = snapHeading(aim);
  return {
    x0: snapX(p.x + Math.cos(heading) * MUZZLE_OFFSET_U),
    y0: snapY(p.y + Math.sin(heading) * MUZZLE_OFFSET_U),
    heading,
    spawnTick: tick,
  };
}

const STEP_DISTANCE = PROJECTILE_SPEED * STEP_SECONDS;

/** Where a projectile is `ticksSince` steps (may be fractional) after launch. */
export function projectilePosition(launch: ProjectileLaunch, ticksSince: number, out: Point): Point {
  return pointAlongFlight(launch.x0, launch.y0, Math.cos(launch.heading), Math.sin(launch.heading), ticksSince, out);
}

/**
 * projectilePosition with the heading's cosine and sine already worked out: the server
 * tests every flight each step and computes them once per projectile. Same arithmetic.
 */
export function pointAlongFlight(x0: number, y0: number, cos: number, sin: number, ticksSince: number, out: Point): Point {
  const d = STEP_DISTANCE * ticksSince;
  out.x = x0 + cos * d;
  out.y = y0 + sin * d;
  return out;
}

/**
 * Steps (fractional, from launch) at which the flight ends unless it hits a player first:
 * at the first obstacle or arena edge, or at the end of its range (PROJECTILE_LIFE_TICKS).
 * Computed once per projectile, on both sides: the server tests hits up to this point and
 * no further, and clients draw the shot exactly that far.
 */
export function projectileEndTicks(launch: ProjectileLaunch, map: ArenaMap): number {
  const end = projectilePosition(launch, PROJECTILE_LIFE_TICKS, { x: 0, y: 0 });
  let first: number = PROJECTILE_LIFE_TICKS;
  for (const rect of map.obstacles) {
    const t = segmentRectHitTime(launch.x0, launch.y0, end.x, end.y, rect, PROJECTILE_RADIUS_U);
    if (t >= 0 && t * PROJECTILE_LIFE_TICKS < first) first = t * PROJECTILE_LIFE_TICKS;
  }
  const edge = segmentLeavesArenaAt(launch.x0, launch.y0, end.x, end.y, map);
  if (edge >= 0) first = Math.min(first, edge * PROJECTILE_LIFE_TICKS);
  return first;
}

/**
 * Whether a shot from `a` could reach `b` with no obstacle in the way (each obstacle grown by
 * the projectile's radius, as flights are tested). Range is not considered: the caller decides
 * how far is too far. Spawn scoring asks this of every living enemy and candidate point.
 */
export function lineOfFireClear(a: Point, b: Point, obstacles: readonly Rect[]): boolean {
  // Most obstacles of a big arena are nowhere near the line: a box test turns them away cheaply.
  const minX = Math.min(a.x, b.x) - PROJECTILE_RADIUS_U, maxX = Math.max(a.x, b.x) + PROJECTILE_RADIUS_U;
  const minY = Math.min(a.y, b.y) - PROJECTILE_RADIUS_U, maxY = Math.max(a.y, b.y) + PROJECTILE_RADIUS_U;
  for (let i = 0; i < obstacles.length; i++) {
    const o = obstacles[i];
    if (o.x > maxX || o.x + o.w < minX || o.y > maxY || o.y + o.h < minY) continue;
    if (segmentMeetsRect(a.x, a.y, b.x, b.y, o, PROJECTILE_RADIUS_U)) return false;
  }
  return true;
}

/** Whether a shot `ticksSince` steps after launch is still flying, given its projectileEndTicks. */
export const isInFlight = (ticksSince: number, endTicks: number) => ticksSince >= 0 && ticksSince <= endTicks;

function segmentLeavesArenaAt(ax: number, ay: number, bx: number, by: number, map: ArenaMap): number {
  let t = Infinity;
  if (bx < 0) t = Math.min(t, ax / (ax - bx));
  if (bx > map.width) t = Math.min(t, (map.width - ax) / (bx - ax));
  if (by < 0) t = Math.min(t, ay / (ay - by));
  if (by > map.height) t = Math.min(t, (map.height - ay) / (by - ay));
  return t === Infinity ? -1 : t;
}
