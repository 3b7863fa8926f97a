/** Moves `current` toward `target` as if chasing it with time constant `tauMs` (frame-rate independent). */
export function approach(current: number, target: number, deltaMs: number, tauMs: number): number {
  if (!(deltaMs > 0) || tauMs <= 0) return target;
  return target + (current - target) * Math.exp(-deltaMs / tauMs);
}

export interface Vec { x: number; y: number }

/**
 * Smooths a point in place toward a target, or jumps when the gap is larger than
 * `snapDistance` (respawn, teleport) so nothing streaks across the map. Returns true on a jump.
 */
export function approachPoint(current: Vec, target: Vec, deltaMs: number, tauMs: number, snapDistance: number): boolean {
  const dx = target.x - current.x, dy = target.y - current.y;
  if (dx * dx + dy * dy > snapDistance * snapDistance) {
    current.x = target.x;
    current.y = target.y;
    return true;
  }
  current.x = approach(current.x, target.x, deltaMs, tauMs);
  current.y = approach(current.y, target.y, deltaMs, tauMs);
  return false;
}

/** Shortest-way angle smoothing, so an aim crossing ±π does not spin the long way round. */
export function approachAngle(current: number, target: number, deltaMs: number, tauMs: number): number {
  const diff = Math.atan2(Math.sin(target - current), Math.cos(target - current));
  return approach(target - diff, target, deltaMs, tauMs);
}
