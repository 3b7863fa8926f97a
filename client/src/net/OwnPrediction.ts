import { CORRECTION_SMOOTHING_MS, CORRECTION_SNAP_U } from "../../../shared/constants.ts";
import type { ArenaMap } from "../../../shared/sim/map.ts";
import { stepMovement } from "../../../shared/sim/movement.ts";
import type { InputLike, MovingPlayer } from "../../../shared/sim/types.ts";
import { stepWeapon } from "../../../shared/sim/weapon.ts";

/** The own player as the server's state shows it (its owner-only timers included). */
export interface OwnServerState extends MovingPlayer {
  alive: boolean;
}

/** A correction smaller than this (world units) is wire rounding, not something a player sees. */
export const VISIBLE_CORRECTION_U = 1;

interface PendingInput {
  seq: number;
  input: InputLike;
  /** Whether the prediction fires on this input (as of the latest replay). */
  fires: boolean;
  /** Where the prediction put the player after this input (updated on every replay). */
  x: number;
  y: number;
}

/** What one authoritative update changed. */
export interface Reconciliation {
  /**
   * Distance between where the prediction had the player after the acked input and where the
   * server has it; null when that input was not pending or the player died or spawned.
   */
  errorAtAck: number | null;
  /** How far the predicted present moved (world units). */
  correction: number;
  /** True when the player was placed anew (a spawn) or moved too far to smooth (a teleport): it snapped. */
  snapped: boolean;
}

const copyMoving = (from: MovingPlayer, to: MovingPlayer) => {
  to.x = from.x;
  to.y = from.y;
  to.aim = from.aim;
  to.dashTicks = from.dashTicks;
  to.dashCooldown = from.dashCooldown;
  to.fireCooldown = from.fireCooldown;
  to.rapidFireTicks = from.rapidFireTicks;
};

const blank = (): MovingPlayer => ({ x: 0, y: 0, aim: 0, dashTicks: 0, dashCooldown: 0, fireCooldown: 0, rapidFireTicks: 0 });

/**
 * Client-side prediction of the own player. Each input is applied the moment it is sent,
 * with the same shared rules the server runs (stepMovement, stepWeapon), and kept until
 * the server acknowledges it. Each authoritative update rewinds to the server's state at
 * the acknowledged input and replays the inputs still pending on top. What that moves the
 * predicted present by is blended away over CORRECTION_SMOOTHING_MS, or snapped past
 * CORRECTION_SNAP_U.
 */
export class OwnPrediction {
  /** The predicted present: the player after every input sent so far. */
  readonly state: MovingPlayer = blank();
  alive = false;
  /** The player before the latest input: drawing blends from here to `state` across the step. */
  private readonly previous = { x: 0, y: 0 };
  private readonly pending: PendingInput[] = [];
  private lastAck = 0;
  private lastSeq = 0;
  private hasAuthority = false;
  private offsetX = 0;
  private offsetY = 0;

  constructor(private map: ArenaMap) {}

  get pendingCount(): number {
    return this.pending.length;
  }

  /** True once a server state has been adopted: before that there is nothing to predict from. */
  get ready(): boolean {
    return this.hasAuthority;
  }

  /**
   * Applies the input about to be sent as `seq` (the SDK's send count); returns true when
   * it fires. `acting`: the match phase lets players act.
   */
  apply(seq: number, input: InputLike, acting: boolean): boolean {
    this.previous.x = this.state.x;
    this.previous.y = this.state.y;
    let fired = false;
    if (acting && this.alive && this.hasAuthority) {
      stepMovement(this.state, input, this.map);
      fired = stepWeapon(this.state, input);
    }
    this.pending.push({ seq, input: { mx: input.mx, my: input.my, aim: input.aim, buttons: input.buttons }, fires: fired, x: this.state.x, y: this.state.y });
    this.lastSeq = seq;
    return fired;
  }

  /**
   * The server's own player after it applied inputs up to `ack`. Returns null for an update
   * older than one already seen.
   */
  reconcile(ack: number, server: OwnServerState, acting: boolean): Reconciliation | null {
    if (ack < this.lastAck) return null;
    if (ack > this.lastSeq) this.pending.length = 0; // acked what was never sent from here: start over from the server
    let errorAtAck: number | null = null;
    let dropped = 0;
    while (dropped < this.pending.length && this.pending[dropped].seq <= ack) {
      const entry = this.pending[dropped++];
      if (entry.seq === ack) errorAtAck = Math.hypot(entry.x - server.x, entry.y - server.y);
    }
    this.pending.splice(0, dropped);
    this.lastAck = ack;

    const beforeX = this.state.x, beforeY = this.state.y;
    const wasAlive = this.hasAuthority && this.alive;
    copyMoving(server, this.state);
    this.alive = server.alive;
    this.hasAuthority = true;
    this.previous.x = this.state.x;
    this.previous.y = this.state.y;
    for (const entry of this.pending) {
      this.previous.x = this.state.x;
      this.previous.y = this.state.y;
      entry.fires = false;
      if (acting && this.alive) {
        stepMovement(this.state, entry.input, this.map);
        entry.fires = stepWeapon(this.state, entry.input);
      }
      entry.x = this.state.x;
      entry.y = this.state.y;
    }

    // Corrections only mean something between two predicted lives: a death freezes the
    // player where the server says, and a (re)spawn places it anew.
    const dx = beforeX - this.state.x, dy = beforeY - this.state.y;
    const predicting = wasAlive && this.alive;
    const correction = predicting ? Math.hypot(dx, dy) : 0;
    const snapped = (this.alive && !wasAlive) || correction > CORRECTION_SNAP_U;
    if (snapped || !this.alive) {
      this.offsetX = this.offsetY = 0;
    } else {
      this.offsetX += dx;
      this.offsetY += dy;
    }
    return { errorAtAck: predicting ? errorAtAck : null, correction, snapped };
  }

  /** Whether pending input `seq` still fires as the latest replay has it; undefined once it is acknowledged (or never sent). */
  fires(seq: number): boolean | undefined {
    for (const entry of this.pending) if (entry.seq === seq) return entry.fires;
    return undefined;
  }

  /**
   * Where to draw the player: `fraction` of the way through the latest input's step, plus
   * what is left of recent corrections (which decay with `deltaMs`).
   */
  drawn(fraction: number, deltaMs: number, out: { x: number; y: number }): { x: number; y: number } {
    const decay = Math.exp(-Math.max(0, deltaMs) / CORRECTION_SMOOTHING_MS);
    this.offsetX *= decay;
    this.offsetY *= decay;
    const f = Math.min(Math.max(fraction, 0), 1);
    out.x = this.previous.x + (this.state.x - this.previous.x) * f + this.offsetX;
    out.y = this.previous.y + (this.state.y - this.previous.y) * f + this.offsetY;
    return out;
  }

  /** Forget everything (a reconnection restarts the input count; a new room has a new map). */
  reset(map: ArenaMap = this.map): void {
    this.map = map;
    this.pending.length = 0;
    this.lastAck = this.lastSeq = 0;
    this.hasAuthority = this.alive = false;
    this.offsetX = this.offsetY = 0;
  }
}
