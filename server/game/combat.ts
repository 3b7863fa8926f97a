import { DASH_SPEED, PLAYER_RADIUS_U, PROJECTILE_RADIUS_U, RESPAWN_TICKS, TICK_HZ } from "../../shared/constants.ts";
import { segmentCircleHitTime, type Point } from "../../shared/sim/geometry.ts";
import { areEnemies } from "../../shared/sim/rules.ts";
import { pointAlongFlight, type ProjectileLaunch } from "../../shared/sim/weapon.ts";
import type { WireShot } from "../../shared/protocol.ts";
import type { ShotPath } from "./spawn.ts";

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
 * A projectile in flight as the server tests it every step: its wire-snapped launch (what
 * clients fly: it is also what a SHOTS message carries), with the heading's cosine and sine
 * worked out and where its flight ends, so the per-step hit test reads plain numbers.
 */
export interface Flight extends WireShot {
  ownerId: string;
  team: number;
  cos: number;
  sin: number;
  /** Steps from launch at which it meets an obstacle, the arena edge or the end of its range (projectileEndTicks). */
  endTicks: number;
  /** Lag compensation: targets are tested this many ticks (fractional) in the past. */
  rewindTicks: number;
  /** How far along its flight (steps from launch) hits have been tested; -1 before the first test. */
  testedTo: number;
  /** Whether it ended on a player (the views it entered hear of it: interest.ts). */
  landed: boolean;
}

/** The owner's identity, its input number that fired (`shot`, mod 2^16), and the launch with its whole spawn tick. */
export function flightOf(id: number, owner: { id: string; slot: number; team: number }, shot: number, launch: ProjectileLaunch, endTicks: number, rewindTicks: number): Flight {
  return {
    id, owner: owner.slot, ownerId: owner.id, shot, team: owner.team, x0: launch.x0, y0: launch.y0, heading: launch.heading,
    cos: Math.cos(launch.heading), sin: Math.sin(launch.heading), spawnTick: launch.spawnTick, endTicks, rewindTicks, testedTo: -1, landed: false,
  };
}

/** Whether a shot no longer in the air ended before the end of its flight: it hit someone, or a new match cleared it. */
export const stoppedEarly = (shot: Readonly<Flight>) => shot.landed || shot.testedTo < shot.endTicks;

/**
 * The segment a shot covers from `from` to `to` steps of flight (from launch; `from` is
 * taken as at least 0): where it still goes, or where it went, written into `out`. Null
 * when that is nothing.
 */
export function flightSegment(shot: Readonly<Flight>, from: number, to: number, out: ShotPath = { x0: 0, y0: 0, x1: 0, y1: 0 }): ShotPath | null {
  const start = Math.max(0, from);
  if (to <= start) return null;
  pointAlongFlight(shot.x0, shot.y0, shot.cos, shot.sin, start, end);
  out.x0 = end.x;
  out.y0 = end.y;
  pointAlongFlight(shot.x0, shot.y0, shot.cos, shot.sin, to, end);
  out.x1 = end.x;
  out.y1 = end.y;
  return out;
}

const end = { x: 0, y: 0 };

/**
 * A player at the start of the step's hit and pickup tests (alive, or dead so recently that
 * a lagging shooter still saw it alive), read once into plain fields (positions do not change
 * during them). `player.alive` is still checked live: a target can die between two
 * projectiles of the same step.
 */
export interface Target<T> {
  id: string;
  team: number;
  x: number;
  y: number;
  player: T;
}

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
 * Reach of the bounding-box pre-check around a flight segment. One unit more than the hit
 * radius, so float rounding in the exact test can never hit a target the box rejected.
 */
const BOX_REACH = HIT_RADIUS + 1;

/** No player moves further than this in a tick: how far a rewound position can be from the current one. */
const MAX_STEP_U = DASH_SPEED / TICK_HZ;

const from = { x: 0, y: 0 };
const to = { x: 0, y: 0 };
const past = { x: 0, y: 0 };

/** Where targets were at a past tick (lag compensation): PositionHistory in the game. */
export interface TargetPast {
  at(id: string, tick: number, out: Point): boolean;
}

/**
 * Finds what a projectile hits along its flight from `fromTicks` to `toTicks` steps after
 * launch, against the targets as they were at `targetTick` (the current tick, or a past one
 * read from `history` for a lag-compensated shot). Returns the first enemy hit along the way
 * (the earliest in `targets` on a tie), or null.
 *
 * A lag-compensated shot meets a target alive at `targetTick` even if it has died since
 * (killed by someone else meanwhile): the shot stops where its shooter saw it land, as it
 * did on the shooter's screen, and applyDamage gives the dead nothing.
 */
export function findProjectileHit<T extends Combatant>(
  shot: Flight, fromTicks: number, toTicks: number, targets: readonly Target<T>[], targetTick: number, currentTick: number, history: TargetPast,
): Target<T> | null {
  pointAlongFlight(shot.x0, shot.y0, shot.cos, shot.sin, fromTicks, from);
  pointAlongFlight(shot.x0, shot.y0, shot.cos, shot.sin, toTicks, to);
  // Most targets are nowhere near a flight step (~23 units): reject them on the box alone.
  const minX = Math.min(from.x, to.x) - BOX_REACH, maxX = Math.max(from.x, to.x) + BOX_REACH;
  const minY = Math.min(from.y, to.y) - BOX_REACH, maxY = Math.max(from.y, to.y) + BOX_REACH;
  const rewound = targetTick !== currentTick;
  // A rewound target was at most this far from where it is now: the box rejects on the
  // current position first, and only the few left are looked up in the history.
  const slack = rewound ? Math.ceil(currentTick - targetTick) * MAX_STEP_U : 0;
  let best: Target<T> | null = null;
  let bestTime = Infinity;
  for (let i = 0; i < targets.length; i++) {
    const target = targets[i];
    let x = target.x, y = target.y;
    if (x < minX - slack || x > maxX + slack || y < minY - slack || y > maxY + slack) continue;
    if (rewound) {
      if (!history.at(target.id, targetTick, past)) continue; // not there (dead or not yet spawned) back then
      x = past.x;
      y = past.y;
      if (x < minX || x > maxX || y < minY || y > maxY) continue;
    }
    if (target.id === shot.ownerId || !areEnemies(shot.team, target.team) || (!rewound && !target.player.alive)) continue;
    const t = segmentCircleHitTime(from.x, from.y, to.x, to.y, x, y, HIT_RADIUS);
    if (t >= 0 && t < bestTime) { bestTime = t; best = target; }
  }
  return best;
}
