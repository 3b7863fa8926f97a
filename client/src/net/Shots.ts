import { PLAYER_RADIUS_U, PROJECTILE_RADIUS_U, STEP_MS } from "../../../shared/constants.ts";
import { segmentCircleHitTime, type Point } from "../../../shared/sim/geometry.ts";
import type { ArenaMap } from "../../../shared/sim/map.ts";
import { areEnemies } from "../../../shared/sim/rules.ts";
import { isInFlight, projectileEndTicks, projectilePosition, type ProjectileLaunch } from "../../../shared/sim/weapon.ts";
import { unwrapTick, type ShotLaunched, type ShotsMessage } from "../../../shared/protocol.ts";

const HIT_RADIUS = PLAYER_RADIUS_U + PROJECTILE_RADIUS_U;
/** Own shots are remembered this long after they end, for the hit statistics (ms). */
const OWN_SHOT_MEMORY_MS = 3000;
const SHOT_WRAP = 0x10000;

/** Who fired a shot: its owner's session id and team. */
export interface ShotOwner {
  id: string;
  team: number;
}

/** The owner of a shot whose player left the room: nobody's, and an enemy to everyone. */
export const UNKNOWN_OWNER: Readonly<ShotOwner> = Object.freeze({ id: "", team: 0 });

/** Projectiles name their owner by its slot: the players by slot, rebuilt once per patch. */
export class ShotOwners {
  private readonly bySlot = new Map<number, ShotOwner>();

  update(players: { forEach(visit: (p: { slot: number; team: number }, id: string) => void): void }): void {
    this.bySlot.clear();
    players.forEach((p, id) => {
      if (p.slot > 0) this.bySlot.set(p.slot, { id, team: p.team }); // 0: no slot given yet
    });
  }

  /** The owner of slot `slot`; UNKNOWN_OWNER when no player holds it (it left the room). */
  of(slot: number): Readonly<ShotOwner> {
    return this.bySlot.get(slot) ?? UNKNOWN_OWNER;
  }
}

/** A player as drawn this frame, for the hits a shot shows. */
export interface DrawnTarget {
  id: string;
  team: number;
  x: number;
  y: number;
  alive: boolean;
}

/** Where the players were along the drawn timeline: own shots are judged against it. */
export interface TargetTimeline {
  /** The players that may be hit, as drawn this frame. */
  readonly players: readonly DrawnTarget[];
  /** Where player `id` was drawn at server tick `tick` (fractional); false when it was not there alive. */
  positionAt(id: string, tick: number, out: Point): boolean;
}

/** A shot to draw: its head, and where it was `trailTicks` of flight earlier (its tail). */
export interface DrawnShot {
  x: number;
  y: number;
  tailX: number;
  tailY: number;
  team: number;
  own: boolean;
}

/** What became of the own shots, for the network panel and the netcode benchmark. */
export interface ShotCounters {
  fired: number;
  /** Shots that touched an enemy as drawn on this screen. */
  seenHits: number;
  /** ...of which the server said they landed. */
  seenAndRegistered: number;
  /** Hits the server registered for a shot that touched nobody on this screen. */
  registeredUnseen: number;
  /** Predicted shots the server did not fire (the player had died, the match had frozen): taken back. */
  takenBack: number;
}

/** An own shot this screen saw touching `victim` (drawn at server tick `seenTick`) that the server never registered. */
export interface SeenMiss {
  /** The input number that fired it. */
  seq: number;
  victim: string;
  seenTick: number;
  /** Where the victim was drawn when the shot touched it. */
  seenX: number;
  seenY: number;
}

interface OwnShot {
  seq: number;
  launch: ProjectileLaunch;
  team: number;
  endTicks: number;
  /** Local time (ms) at which the shot is at flight 0 (the end of the step that fired it). */
  launchedAt: number;
  /** The tick other players were drawn at when it was at flight 0: its claimed view. */
  viewTick: number;
  /** Where it stopped being drawn (steps of flight), or null while flying. */
  stoppedAt: number | null;
  /** Steps of flight judged for hits so far; -1 before the muzzle itself was. */
  testedTo: number;
  seenVictim: string | null;
  /** The tick the victim was drawn at when the shot touched it, and where. */
  seenTick: number;
  seenX: number;
  seenY: number;
  registered: boolean;
  takenBack: boolean;
}

const point = { x: 0, y: 0 };
const tail = { x: 0, y: 0 };

/**
 * Own shots, drawn on the local (predicted) timeline from the moment the firing input is
 * sampled: from the predicted muzzle, along the shared flight, to its wall or range end.
 * They stop where they touch an enemy as drawn on this screen, which is what the server's
 * lag compensation judges; a hit the server reports for a shot still flying stops it there.
 */
export class OwnShots {
  private shots: OwnShot[] = [];
  readonly counters: ShotCounters = { fired: 0, seenHits: 0, seenAndRegistered: 0, registeredUnseen: 0, takenBack: 0 };
  /** Told of each seen hit the server never registered, when the shot is forgotten (for measuring tools). */
  onSeenMiss: ((miss: SeenMiss) => void) | null = null;

  /**
   * A shot the prediction fired with input `seq`, leaving the muzzle at local time
   * `launchedAt` while other players were drawn at `viewTick` (the view the input claims).
   */
  add(seq: number, launch: ProjectileLaunch, team: number, map: ArenaMap, launchedAt: number, viewTick: number): void {
    this.shots.push({ seq, launch, team, endTicks: projectileEndTicks(launch, map), launchedAt, viewTick, stoppedAt: null, testedTo: -1, seenVictim: null, seenTick: 0, seenX: 0, seenY: 0, registered: false, takenBack: false });
    this.counters.fired++;
  }

  /** Whether the server's projectile fired by own input `shot` (mod 2^16) is one this client predicted (and so draws itself). */
  owns(shot: number | undefined): boolean {
    return shot !== undefined && this.shots.some((s) => (s.seq % SHOT_WRAP) === shot);
  }

  /**
   * Takes back predicted shots the server did not fire: those it has consumed the input of
   * (seq ≤ `ack`) after its latest fired shot (`lastShot`, mod 2^16), and those still pending
   * that the latest replay no longer fires (the player died, the match froze).
   */
  reconcile(ack: number, lastShot: number, firesPending: (seq: number) => boolean | undefined): void {
    for (const shot of this.shots) {
      if (shot.registered || shot.takenBack) continue;
      const unfired = shot.seq <= ack
        ? ((shot.seq - lastShot) % SHOT_WRAP + SHOT_WRAP) % SHOT_WRAP < SHOT_WRAP / 2 && (shot.seq % SHOT_WRAP) !== lastShot
        : firesPending(shot.seq) === false;
      if (!unfired) continue;
      // A hit this screen showed for a shot that never was is not a hit the server missed.
      if (shot.seenVictim) this.counters.seenHits--;
      shot.stoppedAt ??= -1;
      shot.takenBack = true;
      this.counters.takenBack++;
    }
  }

  /** The server says own shot `shot` (mod 2^16) landed. */
  registered(shot: number): void {
    const own = this.shots.find((s) => (s.seq % SHOT_WRAP) === shot && !s.registered);
    if (!own) return;
    own.registered = true;
    if (own.seenVictim) this.counters.seenAndRegistered++;
    else this.counters.registeredUnseen++;
    // A hit this screen did not show: the shot stops now rather than fly on through.
    if (own.stoppedAt === null) own.stoppedAt = -1;
  }

  /**
   * Advances every shot to local time `now`, stopping those that touch an enemy on the drawn
   * timeline, and returns what to draw.
   */
  update(now: number, targets: TargetTimeline, selfId: string, trailTicks: number, out: DrawnShot[]): void {
    for (const shot of this.shots) {
      if (shot.stoppedAt !== null) continue;
      const flight = this.flightOf(shot, now);
      const hitAt = this.judge(shot, flight, targets, selfId);
      if (hitAt !== null) {
        shot.stoppedAt = hitAt.flight;
        shot.seenVictim = hitAt.id;
        shot.seenTick = shot.viewTick + Math.ceil(hitAt.flight);
        shot.seenX = hitAt.x;
        shot.seenY = hitAt.y;
        this.counters.seenHits++;
        if (shot.registered) this.counters.seenAndRegistered++;
        continue;
      }
      if (!isInFlight(flight, shot.endTicks)) {
        shot.stoppedAt = shot.endTicks;
        continue;
      }
      projectilePosition(shot.launch, flight, point);
      projectilePosition(shot.launch, Math.max(0, flight - trailTicks), tail);
      out.push({ x: point.x, y: point.y, tailX: tail.x, tailY: tail.y, team: shot.team, own: true });
    }
    this.shots = this.shots.filter((s) => {
      const kept = s.stoppedAt === null || now - s.launchedAt < OWN_SHOT_MEMORY_MS + s.endTicks * STEP_MS;
      if (!kept && s.seenVictim && !s.registered && !s.takenBack) this.onSeenMiss?.({ seq: s.seq, victim: s.seenVictim, seenTick: s.seenTick, seenX: s.seenX, seenY: s.seenY });
      return kept;
    });
  }

  clear(): void {
    this.shots = [];
  }

  private flightOf(shot: OwnShot, now: number): number {
    return Math.max(0, (now - shot.launchedAt) / STEP_MS);
  }

  /**
   * Judges the whole steps of flight completed since the last frame exactly as the server
   * will: the step from j−1 to j against each target where this screen drew it at the shot's
   * view tick + j (the end of the flight against view tick + its step, rounded up).
   */
  private judge(shot: OwnShot, flight: number, targets: TargetTimeline, selfId: string): SeenTouch | null {
    const reached = flight >= shot.endTicks ? shot.endTicks : Math.floor(flight);
    while (shot.testedTo < reached) {
      const from = Math.max(0, shot.testedTo);
      const to = Math.min(Math.floor(from) + 1, reached);
      shot.testedTo = to;
      const hit = this.firstTouch(shot, from, to, shot.viewTick + Math.ceil(to), targets, selfId);
      if (hit) return hit;
    }
    return null;
  }

  /** The first enemy the flight from..to touches, against the targets at `tick`, with the flight at which it does. */
  private firstTouch(shot: OwnShot, from: number, to: number, tick: number, targets: TargetTimeline, selfId: string): SeenTouch | null {
    const a = projectilePosition(shot.launch, from, { x: 0, y: 0 });
    const b = projectilePosition(shot.launch, to, { x: 0, y: 0 });
    let best: SeenTouch | null = null;
    for (const t of targets.players) {
      if (t.id === selfId || !areEnemies(shot.team, t.team) || !targets.positionAt(t.id, tick, at)) continue;
      const hitTime = segmentCircleHitTime(a.x, a.y, b.x, b.y, at.x, at.y, HIT_RADIUS);
      if (hitTime < 0) continue;
      const hitFlight = from + (to - from) * hitTime;
      if (!best || hitFlight < best.flight) best = { id: t.id, flight: hitFlight, x: at.x, y: at.y };
    }
    return best;
  }
}

const at = { x: 0, y: 0 };

/** Where a shot touched an enemy: at which flight, and where the enemy was drawn. */
interface SeenTouch {
  id: string;
  flight: number;
  x: number;
  y: number;
}

interface RemoteShot extends HeardShot {
  launch: ProjectileLaunch;
  endTicks: number;
  /** The tick by which it stopped early (it hit someone), or Infinity. */
  goneAt: number;
}

/** A shot of another player as this client heard of it: who fired it, and its launch. */
export interface HeardShot {
  ownerId: string;
  team: number;
  launch: Readonly<ProjectileLaunch>;
}

/** Told when a shot of another player arrives (it is drawn from its launch) and when one stops early (it hit someone). */
export interface HeardShotListener {
  launched(shot: HeardShot): void;
  stopped(shot: HeardShot): void;
}

/**
 * Shots of others, drawn on the same timeline as the players they may hit (the render tick):
 * a shot the server says stopped keeps flying on screen until the drawn moment reaches the
 * tick it was told at, and stops where it touches a drawn enemy on the way, so a hit shows
 * where it happens.
 */
export class RemoteShots {
  private readonly shots = new Map<number, RemoteShot>();
  listener: HeardShotListener | null = null;

  /**
   * What a SHOTS message tells, read after the snapshot it follows (`stateTick`, the latest
   * snapshot's tick, unwraps the message's 16-bit tick). `ownerOf` names a shot's owner by
   * its slot, and `skip` tells the shots drawn elsewhere (the own predicted ones).
   */
  onShots(message: ShotsMessage, stateTick: number, map: ArenaMap, ownerOf: (slot: number) => Readonly<ShotOwner>,
    skip: (shot: ShotLaunched) => boolean): void {
    const tick = unwrapTick(message.tick, stateTick);
    for (const s of message.launched) {
      if (skip(s)) continue;
      const launch = { x0: s.x0, y0: s.y0, heading: s.heading, spawnTick: tick - s.age };
      const owner = ownerOf(s.owner);
      const shot: RemoteShot = { launch, ownerId: owner.id, team: owner.team, endTicks: projectileEndTicks(launch, map), goneAt: Infinity };
      this.shots.set(s.id, shot);
      this.listener?.launched(shot);
    }
    for (const id of message.stopped) {
      const shot = this.shots.get(id);
      if (!shot || shot.goneAt !== Infinity) continue;
      shot.goneAt = tick;
      this.listener?.stopped(shot);
    }
  }

  update(renderTick: number, targets: readonly DrawnTarget[], trailTicks: number, out: DrawnShot[]): void {
    for (const [id, shot] of this.shots) {
      const flight = renderTick - shot.launch.spawnTick;
      if (renderTick >= shot.goneAt || flight > shot.endTicks) {
        if (renderTick >= shot.goneAt || shot.goneAt !== Infinity) this.shots.delete(id);
        continue;
      }
      if (flight < 0) continue;
      const from = Math.max(0, flight - trailTicks);
      if (shot.goneAt !== Infinity && this.touchesEnemy(shot, from, flight, targets)) {
        this.shots.delete(id);
        continue;
      }
      projectilePosition(shot.launch, flight, point);
      projectilePosition(shot.launch, from, tail);
      out.push({ x: point.x, y: point.y, tailX: tail.x, tailY: tail.y, team: shot.team, own: false });
    }
  }

  clear(): void {
    this.shots.clear();
  }

  private touchesEnemy(shot: RemoteShot, from: number, to: number, targets: readonly DrawnTarget[]): boolean {
    const a = projectilePosition(shot.launch, from, { x: 0, y: 0 });
    const b = projectilePosition(shot.launch, to, { x: 0, y: 0 });
    return targets.some((t) => t.id !== shot.ownerId && t.alive && areEnemies(shot.team, t.team)
      && segmentCircleHitTime(a.x, a.y, b.x, b.y, t.x, t.y, HIT_RADIUS) >= 0);
  }
}

