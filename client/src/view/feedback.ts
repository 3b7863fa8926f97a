// What a fight feels like on this screen, decided without Phaser or the DOM: hit markers and
// damage numbers for the shooter, the hurt flash for the victim, who killed you, and when
// health is low enough to warn. The scenes draw what this says; tests read it directly.
import { LOW_HEALTH_WARNING } from "../../../shared/constants.ts";
import type { HitMessage, KillMessage } from "../../../shared/protocol.ts";

/** One of the own player's shots that landed, as shown: a marker on the target and its damage number. */
export interface HitMarker {
  victim: string;
  victimName: string;
  damage: number;
  /** The damage number as drawn ("20"; "0" on a spawn-protected target). */
  text: string;
  /** This hit killed the target (set when the KILL follows). */
  kill: boolean;
  /** performance.now() when it was shown. */
  at: number;
}

/** The player who killed the own player, while the death screen names them. */
export interface Killer {
  id: string;
  name: string;
}

/** Hit markers kept for the test hook and the effect layer. */
const MARKERS_KEPT = 10;
/** A KILL this soon after a hit on the same victim turns that hit's marker into a kill marker. */
const KILL_AFTER_HIT_MS = 1000;

/** Whether the HUD warns of low health: alive, with hp and shield together at or below LOW_HEALTH_WARNING. */
export const isLowHealth = (hp: number, shield: number, alive: boolean) => alive && hp + shield <= LOW_HEALTH_WARNING;

/** What changed for the own player since the previous look: hurt (flash and shake), respawned. */
export interface SelfChange {
  hurt: boolean;
  /** Health lost (hp plus shield), when hurt. */
  lost: number;
  respawned: boolean;
  died: boolean;
}

export class CombatFeedback {
  private readonly kept: HitMarker[] = [];
  private killedBy: Killer | null = null;
  private seen: { health: number; alive: boolean } | null = null;
  /** Times the own player was seen losing health. */
  hurtCount = 0;
  /** The killer's name as the death screen shows it right now (the HUD sets it); null when not shown. */
  deathScreenShown: string | null = null;
  lastHurtAt: number | null = null;

  constructor(private readonly selfId: string) {}

  /** The latest hit markers, oldest first. */
  get markers(): readonly HitMarker[] {
    return this.kept;
  }

  /** Who killed the own player, until it respawns; null otherwise. */
  get killer(): Killer | null {
    return this.killedBy;
  }

  /** A HIT from the server: a marker when it is the own player's shot, else nothing. */
  onHit(hit: HitMessage, victimName: string, now: number): HitMarker | null {
    if (hit.attacker !== this.selfId || hit.victim === this.selfId) return null;
    const damage = Math.max(0, Math.round(hit.damage));
    const marker: HitMarker = { victim: hit.victim, victimName, damage, text: String(damage), kill: false, at: now };
    this.kept.push(marker);
    if (this.kept.length > MARKERS_KEPT) this.kept.splice(0, this.kept.length - MARKERS_KEPT);
    return marker;
  }

  /**
   * A KILL from the server. Returns the own hit marker it turns into a kill marker (the own
   * player's kill), if any. A kill of the own player remembers the killer for the death screen.
   */
  onKill(kill: KillMessage, killerName: string, now: number): HitMarker | null {
    if (kill.victim === this.selfId) {
      this.killedBy = kill.killer !== this.selfId ? { id: kill.killer, name: killerName || "Someone" } : null;
      return null;
    }
    if (kill.killer !== this.selfId) return null;
    for (let i = this.kept.length - 1; i >= 0; i--) {
      const marker = this.kept[i];
      if (now - marker.at > KILL_AFTER_HIT_MS) break;
      if (marker.victim === kill.victim) {
        marker.kill = true;
        return marker;
      }
    }
    return null;
  }

  /**
   * The own player as the latest state has it, once a frame. Health lost while alive (or the
   * hit that killed) is a hurt; coming back to life forgets the killer.
   */
  observeSelf(hp: number, shield: number, alive: boolean, now: number): SelfChange {
    const health = alive ? hp + shield : 0;
    const before = this.seen;
    this.seen = { health, alive };
    const change: SelfChange = { hurt: false, lost: 0, respawned: false, died: false };
    if (!before) return change;
    if (before.alive && health < before.health) {
      change.hurt = true;
      change.lost = before.health - health;
      this.hurtCount++;
      this.lastHurtAt = now;
    }
    if (before.alive && !alive) change.died = true;
    if (!before.alive && alive) {
      change.respawned = true;
      this.killedBy = null;
    }
    return change;
  }

  /** The killer the death screen names while the own player is dead; null when alive or unknown. */
  deathScreenKiller(selfAlive: boolean): string | null {
    return !selfAlive && this.killedBy ? this.killedBy.name : null;
  }
}

/** How strongly the hurt flash shows `sinceMs` after the hit: 1 at once, fading to 0 over `durationMs`. */
export function flashStrength(sinceMs: number, durationMs: number): number {
  if (!(sinceMs >= 0) || sinceMs >= durationMs) return 0;
  return 1 - sinceMs / durationMs;
}

/** Where a floating damage number is `ageMs` after it appeared: risen `rise` units, fading out over `lifeMs`. */
export function floatingNumber(ageMs: number, lifeMs: number, rise: number): { dy: number; alpha: number; scale: number } {
  const t = Math.min(1, Math.max(0, ageMs / lifeMs));
  const eased = 1 - (1 - t) * (1 - t);
  // A quick pop on appearing, then a steady drift up and out.
  const scale = t < 0.12 ? 1 + (0.12 - t) * 3 : 1;
  return { dy: -rise * eased, alpha: t < 0.6 ? 1 : 1 - (t - 0.6) / 0.4, scale };
}

/** After dying, the camera stays on the spot this long before it turns to the killer. */
export const KILLCAM_DELAY_MS = 600;
/** Time constant of the camera's glide when it changes whom it follows. */
export const CAMERA_GLIDE_MS = 160;

/**
 * Whether the camera follows the killer: while the own player is dead, after a moment on the
 * spot, and only while the killer is drawn alive on this screen. Otherwise it stays on you.
 */
export function followsKiller(selfAlive: boolean, killer: Killer | null, killerDrawnAlive: boolean, msSinceDeath: number): boolean {
  return !selfAlive && killer !== null && killerDrawnAlive && msSinceDeath >= KILLCAM_DELAY_MS;
}

/**
 * The camera's centre: exactly on whom it follows, except right after it switches subject,
 * when it glides over from where it was instead of cutting.
 */
export class CameraFollow {
  x = Number.NaN;
  y = Number.NaN;
  subject: string | null = null;
  private offsetX = 0;
  private offsetY = 0;

  update(subject: string, targetX: number, targetY: number, deltaMs: number): { x: number; y: number } {
    if (this.subject !== null && subject !== this.subject && Number.isFinite(this.x)) {
      this.offsetX = this.x - targetX;
      this.offsetY = this.y - targetY;
    }
    this.subject = subject;
    const decay = Math.exp(-Math.max(0, deltaMs) / CAMERA_GLIDE_MS);
    this.offsetX *= decay;
    this.offsetY *= decay;
    if (Math.hypot(this.offsetX, this.offsetY) < 0.5) this.offsetX = this.offsetY = 0;
    this.x = targetX + this.offsetX;
    this.y = targetY + this.offsetY;
    return this;
  }
}
