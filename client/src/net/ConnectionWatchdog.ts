/** What the connection should do after a watchdog check. */
export type WatchdogVerdict =
  /** Nothing to do. */
  | "ok"
  /** The server has said nothing for too long: treat the socket as dead and reconnect. */
  | "silent"
  /** Reconnecting has taken longer than the server holds a seat: stop trying. */
  | "give_up";

export interface WatchdogLimits {
  /** Longest silence from the server before the connection counts as dead. */
  silenceLimitMs: number;
  /** Longest a reconnection may take before it is abandoned. */
  reconnectLimitMs: number;
}

/**
 * Decides when a match connection has died without telling anyone (a frozen server, a
 * half-open socket). Patches normally arrive 20 times a second and pings are answered,
 * so a few seconds of silence means the socket is gone. Time is passed in, never read.
 */
export class ConnectionWatchdog {
  private lastHeardAt: number;
  private lastCheckAt: number;
  private reconnectingSince: number | null = null;

  constructor(private readonly limits: WatchdogLimits, now: number) {
    this.lastHeardAt = now;
    this.lastCheckAt = now;
  }

  get reconnecting(): boolean {
    return this.reconnectingSince !== null;
  }

  /** Anything arrived from the server: a patch, a message, a pong. */
  heard(now: number): void {
    this.lastHeardAt = now;
  }

  /** The socket dropped and reconnection has started; silence is expected until it is back. */
  dropped(now: number): void {
    this.reconnectingSince ??= now;
  }

  reconnected(now: number): void {
    this.reconnectingSince = null;
    this.lastHeardAt = now;
  }

  check(now: number): WatchdogVerdict {
    const sinceLastCheck = now - this.lastCheckAt;
    this.lastCheckAt = now;
    if (this.reconnectingSince !== null) {
      return now - this.reconnectingSince >= this.limits.reconnectLimitMs ? "give_up" : "ok";
    }
    // Checks this far apart mean this page was stalled (a frozen tab, a debugger), not the
    // server: messages queued meanwhile have not been read yet, so start counting afresh.
    if (sinceLastCheck >= this.limits.silenceLimitMs) {
      this.lastHeardAt = now;
      return "ok";
    }
    return now - this.lastHeardAt >= this.limits.silenceLimitMs ? "silent" : "ok";
  }
}
