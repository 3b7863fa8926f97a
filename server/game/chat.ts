import { CHAT_RATE_LIMIT, CHAT_RATE_WINDOW_MS } from "../../shared/constants.ts";

/**
 * Sliding-window limit on chat lines per player: at most `limit` lines in any `windowMs`.
 * Time is passed in, so tests need no clock.
 */
export class ChatRateLimiter {
  private readonly sent = new Map<string, number[]>();

  constructor(private readonly limit = CHAT_RATE_LIMIT, private readonly windowMs = CHAT_RATE_WINDOW_MS) {}

  /** Records a line if allowed; otherwise returns how long until the next one is. */
  tryConsume(playerId: string, nowMs: number): { ok: true } | { ok: false; retryInMs: number } {
    const recent = (this.sent.get(playerId) ?? []).filter((t) => nowMs - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.sent.set(playerId, recent);
      return { ok: false, retryInMs: recent[0] + this.windowMs - nowMs };
    }
    recent.push(nowMs);
    this.sent.set(playerId, recent);
    return { ok: true };
  }

  forget(playerId: string): void {
    this.sent.delete(playerId);
  }
}
