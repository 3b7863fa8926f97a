// What the minimap shows, decided without the DOM: walls, you, your team, and enemies only
// when they are near or have just fired. The server sends a player's position only while it
// is within this client's view area (and a team-mate's coarse position for the minimap), so
// an enemy beyond that area cannot be shown by any client; within it, the rule is presentation.
import { ATTACKER_ARROW_MS, MINIMAP_ENEMY_RADIUS_U, MINIMAP_FIRED_SHOWN_MS } from "../../../shared/constants.ts";
import { areEnemies } from "../../../shared/sim/rules.ts";

export type MinimapMark = "self" | "ally" | "enemy";

/**
 * Whether the minimap shows an enemy `distance` units from the own player that last fired
 * `msSinceFired` ago (null: not seen firing): near, or fired recently.
 */
export function minimapShowsEnemy(distance: number, msSinceFired: number | null): boolean {
  return distance <= MINIMAP_ENEMY_RADIUS_U || (msSinceFired !== null && msSinceFired >= 0 && msSinceFired <= MINIMAP_FIRED_SHOWN_MS);
}

export interface MinimapPlayer {
  id: string;
  x: number;
  y: number;
  team: number;
  alive: boolean;
}

/** A player of the state as the minimap reads it: the coarse position is there for team-mates only. */
export interface RadarSource {
  team: number;
  alive: boolean;
  radarX?: number;
  radarY?: number;
}

/**
 * The players the minimap may show besides the own one: those drawn this frame, where they
 * are drawn; in teams mode the team-mates out of view at their coarse position; and an enemy
 * out of view whose shot this screen saw, where that shot was fired from (`firedFrom`).
 */
export function minimapOthers(
  self: { id: string; team: number },
  drawn: ReadonlyMap<string, { x: number; y: number; alive: boolean }>,
  players: { forEach(visit: (p: RadarSource, id: string) => void): void },
  firedFrom: (id: string) => { x: number; y: number } | null = () => null,
): MinimapPlayer[] {
  const others: MinimapPlayer[] = [];
  players.forEach((p, id) => {
    if (id === self.id) return;
    const at = drawn.get(id);
    if (at) {
      others.push({ id, x: at.x, y: at.y, alive: at.alive, team: p.team });
    } else if (self.team > 0 && p.team === self.team) {
      if (p.radarX !== undefined && p.radarY !== undefined) others.push({ id, x: p.radarX, y: p.radarY, alive: p.alive, team: p.team });
    } else {
      const from = firedFrom(id);
      if (from) others.push({ id, x: from.x, y: from.y, alive: p.alive, team: p.team });
    }
  });
  return others;
}

export interface MinimapDot {
  id: string;
  x: number;
  y: number;
  mark: MinimapMark;
  team: number;
}

/**
 * The dots on the minimap: the own player, living teammates, and living enemies the rule
 * shows. `firedAgo` says how long ago this screen last saw a player's shot in the air.
 */
export function minimapDots(self: MinimapPlayer, others: Iterable<MinimapPlayer>, firedAgo: (id: string) => number | null): MinimapDot[] {
  const dots: MinimapDot[] = [];
  for (const p of others) {
    if (p.id === self.id || !p.alive) continue;
    if (!areEnemies(self.team, p.team)) {
      dots.push({ id: p.id, x: p.x, y: p.y, mark: "ally", team: p.team });
      continue;
    }
    if (minimapShowsEnemy(Math.hypot(p.x - self.x, p.y - self.y), firedAgo(p.id))) dots.push({ id: p.id, x: p.x, y: p.y, mark: "enemy", team: p.team });
  }
  dots.push({ id: self.id, x: self.x, y: self.y, mark: "self", team: self.team });
  return dots;
}

/**
 * When this screen last saw each player's shot in the air: a shot in the state is its
 * owner firing, so an owner counts as firing for as long as any of its shots flies.
 */
export class RecentFire {
  private readonly lastSeen = new Map<string, { at: number; x: number; y: number }>();

  /** Every frame: the owner of each shot in the air now, and where it fired that shot from. */
  observe(owner: string, now: number, from: { x: number; y: number }): void {
    this.lastSeen.set(owner, { at: now, x: from.x, y: from.y });
  }

  /** How long ago the player's shot was last seen in the air; null if never. */
  firedAgo(id: string, now: number): number | null {
    const seen = this.lastSeen.get(id);
    return seen === undefined ? null : now - seen.at;
  }

  /** Where the player's last seen shot was fired from; null if never. */
  firedFrom(id: string): { x: number; y: number } | null {
    const seen = this.lastSeen.get(id);
    return seen === undefined ? null : { x: seen.x, y: seen.y };
  }

  /** Forget players who left. */
  retain(keep: (id: string) => boolean): void {
    for (const id of this.lastSeen.keys()) if (!keep(id)) this.lastSeen.delete(id);
  }
}

/** Players who hurt the own player lately: an arrow at the screen's edge points at each one off screen. */
export class RecentAttackers {
  private readonly at = new Map<string, number>();

  note(id: string, now: number): void {
    this.at.set(id, now);
  }

  /** Attackers still worth pointing at `now`, newest first. */
  active(now: number): string[] {
    const ids: string[] = [];
    for (const [id, at] of this.at) {
      if (now - at > ATTACKER_ARROW_MS) this.at.delete(id);
      else ids.push(id);
    }
    return ids.sort((a, b) => this.at.get(b)! - this.at.get(a)!);
  }

  clear(): void {
    this.at.clear();
  }
}

/** A shot as the attacker guess needs it: its owner, and where its flight went. */
export interface SeenShot {
  ownerId: string;
  team: number;
  x0: number;
  y0: number;
  heading: number;
}

/**
 * Who most likely hurt the own player (at `self`) when its health dropped: the enemy whose
 * shot, among those that just vanished, flew closest past it. Null when none came near.
 */
export function likelyAttacker(self: { x: number; y: number; team: number; id: string }, vanished: readonly SeenShot[], reach = 120): string | null {
  let best: string | null = null;
  let bestDistance = reach;
  for (const shot of vanished) {
    if (shot.ownerId === self.id || !areEnemies(self.team, shot.team)) continue;
    // Distance from the own player to the shot's line, ahead of its launch point.
    const dx = Math.cos(shot.heading), dy = Math.sin(shot.heading);
    const along = (self.x - shot.x0) * dx + (self.y - shot.y0) * dy;
    if (along < 0) continue;
    const off = Math.abs((self.x - shot.x0) * dy - (self.y - shot.y0) * dx);
    if (off < bestDistance) {
      bestDistance = off;
      best = shot.ownerId;
    }
  }
  return best;
}

/** An arrow on the screen's edge, pointing at something off screen: where (screen px) and which way (radians). */
export interface EdgeArrow {
  x: number;
  y: number;
  angle: number;
}

/**
 * Where on the screen's edge (inset by `margin`) an arrow points at a target `dx`, `dy` screen
 * pixels from the screen's centre; null when the target is on screen.
 */
export function edgeArrow(width: number, height: number, dx: number, dy: number, margin: number): EdgeArrow | null {
  const halfW = width / 2, halfH = height / 2;
  if (Math.abs(dx) <= halfW && Math.abs(dy) <= halfH) return null;
  const limitX = Math.max(1, halfW - margin), limitY = Math.max(1, halfH - margin);
  const scale = Math.min(dx === 0 ? Infinity : limitX / Math.abs(dx), dy === 0 ? Infinity : limitY / Math.abs(dy));
  return { x: halfW + dx * scale, y: halfH + dy * scale, angle: Math.atan2(dy, dx) };
}
