import { PLAYER_RADIUS_U, PROJECTILE_RADIUS_U, RESPAWN_TICKS } from "../../shared/constants.ts";
import { segmentCircleHitTime, type Point } from "../../shared/sim/geometry.ts";
import { projectilePosition, type ProjectileLaunch } from "../../shared/sim/weapon.ts";

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

export interface Shot extends ProjectileLaunch {
  ownerId: string;
  team: number;
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

const from = { x: 0, y: 0 };
const to = { x: 0, y: 0 };

/**
 * Finds what a projectile hits during step `tick` (flight from tick-1 to tick after
 * launch, cut short at `wallTicks`). Returns the first enemy hit along the way, or null.
 */
export function findProjectileHit<T extends Combatant>(
  shot: Shot, tick: number, wallTicks: number, players: Iterable<[string, T]>,
): [string, T] | null {
  const end = Math.min(tick - shot.spawnTick, wallTicks);
  const start = Math.max(0, tick - shot.spawnTick - 1);
  if (end < start) return null;
  projectilePosition(shot, start, from);
  projectilePosition(shot, end, to);
  let best: [string, T] | null = null;
  let bestTime = Infinity;
  for (const entry of players) {
    const [id, p] = entry;
    if (!p.alive || id === shot.ownerId || !areEnemies(shot.team, p.team)) continue;
    const t = segmentCircleHitTime(from.x, from.y, to.x, to.y, p.x, p.y, PLAYER_RADIUS_U + PROJECTILE_RADIUS_U);
    if (t >= 0 && t < bestTime) { bestTime = t; best = entry; }
  }
  return best;
}
