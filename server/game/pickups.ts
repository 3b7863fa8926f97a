import {
  HEALTH_PICKUP_HP, PICKUP_RADIUS_U, PLAYER_MAX_HP, PLAYER_RADIUS_U, RAPID_FIRE_TICKS, SHIELD_POINTS,
} from "../../shared/constants.ts";
import { distanceSq, type Point } from "../../shared/sim/geometry.ts";
import { PickupKind } from "../../shared/protocol.ts";

export interface PickupTaker extends Point {
  hp: number;
  shield: number;
  rapidFireTicks: number;
}

const REACH_SQ = (PICKUP_RADIUS_U + PLAYER_RADIUS_U) ** 2;

export const canReachPickup = (player: Point, pickup: Point) => distanceSq(player, pickup) <= REACH_SQ;

/**
 * Applies a pickup's effect. Returns false (and leaves the pickup in place) when it
 * would do nothing, e.g. health at full health.
 */
export function applyPickup(p: PickupTaker, kind: number): boolean {
  switch (kind) {
    case PickupKind.HEALTH:
      if (p.hp >= PLAYER_MAX_HP) return false;
      p.hp = Math.min(PLAYER_MAX_HP, p.hp + HEALTH_PICKUP_HP);
      return true;
    case PickupKind.RAPID_FIRE:
      p.rapidFireTicks = RAPID_FIRE_TICKS;
      return true;
    case PickupKind.SHIELD:
      if (p.shield >= SHIELD_POINTS) return false;
      p.shield = SHIELD_POINTS;
      return true;
    default:
      return false;
  }
}

/** Pickup kinds laid round-robin over the map's pickup spots. */
export const pickupKindForSpot = (index: number): PickupKind =>
  ([PickupKind.HEALTH, PickupKind.RAPID_FIRE, PickupKind.SHIELD] as const)[index % 3];
