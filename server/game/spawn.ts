import { SPAWN_SAFE_DISTANCE_U } from "../../shared/constants.ts";
import { distanceSq, type Point } from "../../shared/sim/geometry.ts";
import type { Rng } from "../../shared/sim/random.ts";

/**
 * Picks a spawn point for a player: among points at least SPAWN_SAFE_DISTANCE_U from
 * every living enemy (or, if none is that far, the ones farthest away), a seeded pick.
 */
export function chooseSpawnPoint(points: readonly Point[], enemies: readonly Point[], rng: Rng): Point {
  if (enemies.length === 0) return points[rng.int(0, points.length - 1)];
  const safeSq = SPAWN_SAFE_DISTANCE_U * SPAWN_SAFE_DISTANCE_U;
  const scored = points.map((p) => ({ p, nearest: Math.min(...enemies.map((e) => distanceSq(p, e))) }));
  const safe = scored.filter((s) => s.nearest >= safeSq);
  if (safe.length > 0) return safe[rng.int(0, safe.length - 1)].p;
  scored.sort((a, b) => b.nearest - a.nearest);
  const best = scored.slice(0, Math.min(3, scored.length));
  return best[rng.int(0, best.length - 1)].p;
}
