import { PLAYER_RADIUS_U, PROJECTILE_RADIUS_U, RESPAWN_TICKS } from "../../shared/constants.ts";
import { segmentCircleHitTime, type Point } from "../../shared/sim/geometry.ts";
import { pointAlongFlight, type ProjectileLaunch } from "../../shared/sim/weapon.ts";

export interface Combatant extends Point {
  hp: number;
  shield: number;
  alive: boolean;
  team: number;
  kills: number;
  deaths: number;
  score: number;
  respawnTick: number;
  protectedUntil: number;
}

/**
 * A projectile in flight as the server tests it every step: plain numbers copied once from
 * its ProjectileState (the wire-snapped launch), with the heading's cosine and sine worked
 * out and the wall it will meet, so the per-step hit test reads no schema getters.
 */
export interface Flight {
  ownerId: string;
  team: number;
  x0: number;
  y0: number;
  cos: number;
  sin: number;
  spawnTick: number;
  /** Steps from launch at which it meets an obstacle or the arena edge (projectileWallTicks), or Infinity. */
  wallTicks: number;
}

export function flightOf(shot: ProjectileLaunch & { ownerId: string; team: number }, wallTicks: number): Flight {
  return {
    ownerId: shot.ownerId, team: shot.team, x0: shot.x0, y0: shot.y0,
    cos: Math.cos(shot.heading), sin: Math.sin(shot.heading), spawnTick: shot.spawnTick, wallTicks,
  };
}

/**
 * A player alive at the start of the step's hit and pickup tests, read once into plain
 * fields (positions do not change during them). `player.alive` is still checked live: a
 * target can die between two projectiles of the same step.
 */
export interface Target<T> {
  id: string;
  team: number;
  x: number;
  y: number;
  player: T;
}

/** Friendly fire is off in teams mode (team 0 means no team: everyone is an enemy). */
export const areEnemies = (aTeam: number, bTeam: number) => aTeam === 0 || aTeam !== bTeam;

/**
 * Applies damage, shield first. Returns true when this hit killed the target.
 * Spawn-protected and dead targets take nothing.
 */
export function applyDamage(target: Combatant, amount: number, tick: number): boolean {
  if (!target.alive || tick < target.protectedUntil) return false;
  const absorbed = Math.min(target.shield, amount);
  target.shield -= absorbed;
  target.hp = Math.max(0, target.hp - (amount - absorbed));
  if (target.hp > 0) return false;
  target.alive = false;
  target.deaths++;
  target.respawnTick = tick + RESPAWN_TICKS;
  return true;
}

export function creditKill(killer: Combatant | undefined): void {
  if (!killer) return;
  killer.kills++;
  killer.score++;
}

const HIT_RADIUS = PLAYER_RADIUS_U + PROJECTILE_RADIUS_U;
/**
 * Reach of the bounding-box pre-check around the step's flight segment. One unit more than
 * the hit radius, so float rounding in the exact test can never hit a target the box rejected.
 */
const BOX_REACH = HIT_RADIUS + 1;

const from = { x: 0, y: 0 };
const to = { x: 0, y: 0 };

/**
 * Finds what a projectile hits during step `tick` (flight from tick-1 to tick after
 * launch, cut short at its wall). Returns the first enemy hit along the way (the earliest
 * in `targets` on a tie), or null.
 */
export function findProjectileHit<T extends Combatant>(shot: Flight, tick: number, targets: readonly Target<T>[]): Target<T> | null {
  const end = Math.min(tick - shot.spawnTick, shot.wallTicks);
  const start = Math.max(0, tick - shot.spawnTick - 1);
  if (end < start) return null;
  pointAlongFlight(shot.x0, shot.y0, shot.cos, shot.sin, start, from);
  pointAlongFlight(shot.x0, shot.y0, shot.cos, shot.sin, end, to);
  // Most targets are nowhere near a flight step (~23 units): reject them on the box alone.
  const minX = Math.min(from.x, to.x) - BOX_REACH, maxX = Math.max(from.x, to.x) + BOX_REACH;
  const minY = Math.min(from.y, to.y) - BOX_REACH, maxY = Math.max(from.y, to.y) + BOX_REACH;
  let best: Target<T> | null = null;
  let bestTime = Infinity;
  for (let i = 0; i < targets.length; i++) {
    const target = targets[i];
    if (target.x < minX || target.x > maxX || target.y < minY || target.y > maxY) continue;
    if (target.id === shot.ownerId || !areEnemies(shot.team, target.team) || !target.player.alive) continue;
    const t = segmentCircleHitTime(from.x, from.y, to.x, to.y, target.x, target.y, HIT_RADIUS);
    if (t >= 0 && t < bestTime) { bestTime = t; best = target; }
  }
  return best;
}
