import { PROJECTILE_LIFE_TICKS } from "../../../shared/constants.ts";
import type { Point } from "../../../shared/sim/geometry.ts";
import { projectilePosition, type ProjectileLaunch } from "../../../shared/sim/weapon.ts";

/**
 * Where to draw a projectile at the (fractional) render tick, or null when it is not
 * in flight: it has met a wall (`wallTicks` from projectileWallTicks) or outlived its range.
 */
export function projectileDrawPosition(launch: ProjectileLaunch, tick: number, wallTicks: number, out: Point): Point | null {
  const since = Math.max(0, tick - launch.spawnTick);
  if (since >= wallTicks || since > PROJECTILE_LIFE_TICKS) return null;
  return projectilePosition(launch, since, out);
}
