/** Pure 2D geometry shared by movement, projectiles and map generation. */

export interface Rect { x: number; y: number; w: number; h: number }
export interface Point { x: number; y: number }

export const clamp = (v: number, min: number, max: number) => (v < min ? min : v > max ? max : v);

export function circleIntersectsRect(cx: number, cy: number, r: number, rect: Rect): boolean {
  const dx = cx - clamp(cx, rect.x, rect.x + rect.w);
  const dy = cy - clamp(cy, rect.y, rect.y + rect.h);
  return dx * dx + dy * dy < r * r;
}

/** Moves a circle out of a rectangle along the shortest way; returns whether it had to. */
export function pushCircleOutOfRect(body: Point, r: number, rect: Rect): boolean {
  const nearestX = clamp(body.x, rect.x, rect.x + rect.w);
  const nearestY = clamp(body.y, rect.y, rect.y + rect.h);
  const dx = body.x - nearestX;
  const dy = body.y - nearestY;
  const distSq = dx * dx + dy * dy;
  if (distSq >= r * r) return false;
  if (distSq > 0) {
    const dist = Math.sqrt(distSq);
    body.x = nearestX + (dx / dist) * r;
    body.y = nearestY + (dy / dist) * r;
    return true;
  }
  // Centre inside the rectangle: leave through the nearest side.
  const left = body.x - rect.x, right = rect.x + rect.w - body.x;
  const top = body.y - rect.y, bottom = rect.y + rect.h - body.y;
  const least = Math.min(left, right, top, bottom);
  if (least === left) body.x = rect.x - r;
  else if (least === right) body.x = rect.x + rect.w + r;
  else if (least === top) body.y = rect.y - r;
  else body.y = rect.y + rect.h + r;
  return true;
}

/**
 * First time t in [0, 1] at which the segment a→b comes within r of point c,
 * or -1 if it never does. Used for swept projectile-vs-player hits.
 */
export function segmentCircleHitTime(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, r: number): number {
  const dx = bx - ax, dy = by - ay;
  const fx = ax - cx, fy = ay - cy;
  const c = fx * fx + fy * fy - r * r;
  if (c <= 0) return 0; // starts inside
  const a = dx * dx + dy * dy;
  if (a === 0) return -1;
  const b = 2 * (fx * dx + fy * dy);
  const disc = b * b - 4 * a * c;
  if (disc < 0) return -1;
  const t = (-b - Math.sqrt(disc)) / (2 * a);
  return t >= 0 && t <= 1 ? t : -1;
}

/**
 * First time t in [0, 1] at which the segment a→b enters the rectangle grown by
 * `pad` on every side (slab method), or -1 if it never does.
 */
export function segmentRectHitTime(ax: number, ay: number, bx: number, by: number, rect: Rect, pad: number): number {
  // Runs for every obstacle on every shot, on both sides: a scratch interval, no arrays.
  slab.tMin = 0;
  slab.tMax = 1;
  if (!clipToSlab(ax, bx - ax, rect.x - pad, rect.x + rect.w + pad)) return -1;
  if (!clipToSlab(ay, by - ay, rect.y - pad, rect.y + rect.h + pad)) return -1;
  return slab.tMin;
}

/**
 * Whether the segment meets `rect` grown by `pad` (segmentRectHitTime ≥ 0). A boolean: the
 * hot loops that only ask this (views, lines of fire) would box a returned float each time.
 */
export function segmentMeetsRect(ax: number, ay: number, bx: number, by: number, rect: Rect, pad: number): boolean {
  slab.tMin = 0;
  slab.tMax = 1;
  return clipToSlab(ax, bx - ax, rect.x - pad, rect.x + rect.w + pad) && clipToSlab(ay, by - ay, rect.y - pad, rect.y + rect.h + pad);
}

/** The part [tMin, tMax] of the segment inside every slab clipped so far. */
const slab = { tMin: 0, tMax: 1 };

/** Narrows `slab` to the times when start + t·delta lies in [lo, hi]; false once nothing is left. */
function clipToSlab(start: number, delta: number, lo: number, hi: number): boolean {
  if (delta === 0) return !(start < lo || start > hi);
  let t1 = (lo - start) / delta, t2 = (hi - start) / delta;
  if (t1 > t2) { const swap = t1; t1 = t2; t2 = swap; }
  if (t1 > slab.tMin) slab.tMin = t1;
  if (t2 < slab.tMax) slab.tMax = t2;
  return !(slab.tMin > slab.tMax);
}

export const distanceSq = (a: Point, b: Point) => (a.x - b.x) ** 2 + (a.y - b.y) ** 2;
