import { CloseCode } from "../../shared/protocol.ts";
import { decodeClientFrame, type ClientFrame, type ConnectionPhase, type FrameDecoder, type FrameError } from "./clientFrame.ts";
import { MessageRateLimiter, type MessageRateLimits } from "./MessageRateLimiter.ts";

export interface ClientGuardLimits extends MessageRateLimits {
  /** Rejected frames or payloads a client may send before it is closed. */
  maxViolations: number;
}

export type AbuseKind = "flood" | "protocol";

/**
 * How long a client closed for abuse keeps its socket after the close frame is sent. It is
 * no longer read meanwhile, so this is only time for the close frame to reach it.
 */
export const ABUSER_LINGER_MS = 500;

/** What to do with one frame from a client. */
export type FrameVerdict =
  /** Hand the frame to Colyseus. */
  | { action: "pass"; frame: ClientFrame }
  /** Over the message budget: discard without decoding. */
  | { action: "drop" }
  /** Malformed, unknown or out of phase: discard and count. */
  | { action: "reject"; error: FrameError | "invalid_payload" }
  /** Close the connection with this code; nothing more from it is processed. */
  | { action: "close"; code: number; reason: string; abuse: AbuseKind }
  /** The connection is already being closed for abuse: discard silently. */
  | { action: "ignore" };

interface ClientRecord {
  limiter: MessageRateLimiter;
  violations: number;
  closedFor?: AbuseKind;
}

/**
 * The per-client policy in front of a room: message budget first (the cheapest check),
 * then the frame decoder, then a count of everything rejected. Keyed by session id, so a
 * reconnection does not reset a client's budget or its record. Time is passed in.
 */
export class ClientGuard {
  private readonly clients = new Map<string, ClientRecord>();

  /** `decode` is the frame decoder of the room kind being guarded (arena frames by default). */
  constructor(private readonly limits: ClientGuardLimits, private readonly decode: FrameDecoder = decodeClientFrame) {}

  inspect(sessionId: string, frame: Uint8Array, phase: ConnectionPhase, nowMs: number): FrameVerdict {
    const client = this.record(sessionId, nowMs);
    if (client.closedFor) return { action: "ignore" };
    const rate = client.limiter.admit(nowMs);
    if (rate === "drop") return { action: "drop" };
    if (rate === "flood") return this.close(client, "flood");
    const decoded = this.decode(frame, phase);
    return decoded.ok ? { action: "pass", frame: decoded.value } : this.violation(client, decoded.error);
  }

  /** A frame passed, but its payload failed the message's typed decoder. */
  reportInvalidPayload(sessionId: string, nowMs: number): FrameVerdict {
    const client = this.record(sessionId, nowMs);
    return client.closedFor ? { action: "ignore" } : this.violation(client, "invalid_payload");
  }

  /** True once the client has been closed for flooding or protocol abuse: it gets no reconnection window. */
  wasClosedForAbuse(sessionId: string): boolean {
    return this.clients.get(sessionId)?.closedFor !== undefined;
  }

  /** Violations counted for a client so far. */
  violations(sessionId: string): number {
    return this.clients.get(sessionId)?.violations ?? 0;
  }

  /** The session is gone for good. */
  forget(sessionId: string): void {
    this.clients.delete(sessionId);
  }

  private record(sessionId: string, nowMs: number): ClientRecord {
    let client = this.clients.get(sessionId);
    if (!client) {
      client = { limiter: new MessageRateLimiter(this.limits, nowMs), violations: 0 };
      this.clients.set(sessionId, client);
    }
    return client;
  }

  private violation(client: ClientRecord, error: FrameError | "invalid_payload"): FrameVerdict {
    client.violations++;
    return client.violations > this.limits.maxViolations ? this.close(client, "protocol") : { action: "reject", error };
  }

  private close(client: ClientRecord, abuse: AbuseKind): FrameVerdict {
    client.closedFor = abuse;
    return abuse === "flood"
      ? { action: "close", code: CloseCode.FLOODING, reason: "too many messages", abuse }
      : { action: "close", code: CloseCode.PROTOCOL_VIOLATION, reason: "too many invalid messages", abuse };
  }
}
