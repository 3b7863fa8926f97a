// What a room does when its own code throws (a bug, or input that reached a path nobody
// expected). Colyseus catches exceptions in handlers and ticks and reports them; this
// decides how loudly to log and when a room is too broken to keep: a tick that keeps
// failing means the world is corrupt, so its players are sent back with a clear code
// rather than left in a frozen match. Other rooms are never touched.

/** Consecutive failed ticks (one second at 30 Hz) after which the room is closed. */
export const MAX_CONSECUTIVE_TICK_FAILURES = 30;
/** Faults of one room logged with their stack; after that, one line per FAULT_LOG_EVERY faults. */
export const FAULTS_LOGGED_IN_FULL = 5;
export const FAULT_LOG_EVERY = 100;

export type FaultSource = "tick" | "handler";

export interface FaultDecision {
  log: "full" | "summary" | "silent";
  closeRoom: boolean;
  /** Faults of this room so far, this one included. */
  total: number;
}

export class RoomFaults {
  private total = 0;
  private consecutiveTickFailures = 0;
  private closing = false;

  record(source: FaultSource): FaultDecision {
    this.total++;
    if (source === "tick") this.consecutiveTickFailures++;
    const log = this.total <= FAULTS_LOGGED_IN_FULL ? "full" : this.total % FAULT_LOG_EVERY === 0 ? "summary" : "silent";
    const closeRoom = !this.closing && this.consecutiveTickFailures >= MAX_CONSECUTIVE_TICK_FAILURES;
    if (closeRoom) this.closing = true;
    return { log, closeRoom, total: this.total };
  }

  tickSucceeded(): void {
    this.consecutiveTickFailures = 0;
  }
}

export interface FaultContext {
  /** Which kind of room: "arena", "lobby". */
  roomType: string;
  /** The room's id. */
  room: string;
  /** The Colyseus method or hook that threw (setFixedTimestep, onMessage, onJoin...). */
  where: string;
  tick?: number;
  phase?: number;
  client?: string;
  total: number;
}

/** One log line that says which room, where, when and for whom a fault happened. */
export function describeFault(context: FaultContext): string {
  const parts = [`in ${context.where}`];
  if (context.tick !== undefined) parts.push(`tick ${context.tick}`);
  if (context.phase !== undefined) parts.push(`phase ${context.phase}`);
  if (context.client !== undefined) parts.push(`client ${context.client}`);
  parts.push(`fault #${context.total}`);
  return `[${context.roomType} ${context.room}] error ${parts.join(", ")}`;
}
