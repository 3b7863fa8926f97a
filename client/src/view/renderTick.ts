import { STEP_MS } from "../../../shared/constants.ts";

/**
 * Patches arrive a few ticks apart; between them projectiles keep flying. Extrapolation
 * is bounded so a stalled connection freezes the picture instead of running away.
 */
export const MAX_EXTRAPOLATION_TICKS = 3;

/** The fractional server tick to draw at: the last patch's tick plus the time since it. */
export function renderTick(stateTick: number, lastPatchAt: number, now: number): number {
  const elapsed = (now - lastPatchAt) / STEP_MS;
  return stateTick + Math.min(Math.max(elapsed, 0), MAX_EXTRAPOLATION_TICKS);
}
