// The checks made before a connection or a matchmaking request reaches Colyseus: browser
// origin, open connections per address, join attempts per address per minute, and the size
// of a matchmaking body. The rules live in originPolicy.ts, clientAddress.ts and
// perAddressLimits.ts; this class holds the counters and plugs them into ws (verifyClient)
// and the http server.
import type http from "node:http";
import { ROOM_STATUS_PATH } from "../../shared/protocol.ts";
import type { ServerMetrics } from "../metrics.ts";
import { clientAddress } from "./clientAddress.ts";
import { isOriginAllowed, type OriginPolicy } from "./originPolicy.ts";
import { ConnectionCounter, JoinRateLimiter } from "./perAddressLimits.ts";

export interface NetworkLimits {
  origins: OriginPolicy;
  /** Reverse proxies in front of the server whose X-Forwarded-For entries are believed. */
  trustedProxyHops: number;
  /** Open WebSocket connections per client address (0: no limit). */
  maxConnectionsPerIp: number;
  /** Matchmaking requests (join, create, reconnect) per client address per minute (0: no limit). */
  maxJoinsPerIpPerMinute: number;
}

/**
 * How long a closing connection may take to finish its close handshake before its socket is
 * destroyed (ws waits 30 s by default): a peer that stopped reading never answers.
 */
export const CLOSE_HANDSHAKE_TIMEOUT_MS = 2000;

/** Largest matchmaking request body accepted: join options are a few dozen bytes. */
export const MATCHMAKE_BODY_MAX_BYTES = 4096;

const MATCHMAKE_PATH = "/matchmake/";
/** Retry-After while the room directory is unreachable: Redis's client retries every 2 s at most. */
const DIRECTORY_RETRY_AFTER_SECONDS = 5;
/** A player coming back to its room: still served while the server drains. */
const RECONNECT_PATH = "/matchmake/reconnect/";

export type ConnectionRefusalReason = "origin" | "connections_per_ip";
export type RequestRefusalReason = "origin" | "join_rate" | "body_too_large" | "length_required" | "draining" | "directory_unreachable";

export interface Refusal<R extends string> {
  status: number;
  message: string;
  reason: R;
  headers?: Record<string, string>;
}

type VerifyDone = (ok: boolean, code?: number, message?: string, headers?: http.OutgoingHttpHeaders) => void;

export class NetworkGuards {
  readonly connections: ConnectionCounter;
  readonly joins: JoinRateLimiter;
  /** Set when the server drains: new joins are refused (503) so they go to another server. */
  draining = false;
  /**
   * Whether the shared room directory (Redis) can be reached. While it cannot, matchmaking
   * and room status requests are refused at once (503) instead of waiting on Redis.
   */
  directoryReachable: () => boolean = () => true;

  constructor(
    private readonly limits: NetworkLimits,
    private readonly metrics: ServerMetrics,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.connections = new ConnectionCounter(limits.maxConnectionsPerIp);
    this.joins = new JoinRateLimiter(limits.maxJoinsPerIpPerMinute);
  }

  /**
   * ws's verifyClient hook: runs during the upgrade, before the 101 response. A refused
   * handshake gets a plain HTTP error (403 foreign origin, 429 too many connections).
   */
  readonly verifyClient = (info: { origin?: string; req: http.IncomingMessage }, done: VerifyDone): void => {
    const { req } = info;
    if (!isOriginAllowed(info.origin, req.headers.host, this.limits.origins)) {
      return this.refuseConnection(done, { status: 403, message: "origin not allowed", reason: "origin" });
    }
    const address = this.addressOf(req);
    if (!this.connections.tryOpen(address)) {
      return this.refuseConnection(done, { status: 429, message: "too many connections from this address", reason: "connections_per_ip" });
    }
    req.socket.once("close", () => this.connections.close(address));
    done(true);
  };

  /**
   * Checks one HTTP request; only matchmaking requests (POST /matchmake/...) are checked, and
   * room status probes (GET /rooms/..., which could otherwise try room codes) count against
   * the same per-address join budget. Null: let it through.
   */
  checkRequest(req: http.IncomingMessage): Refusal<RequestRefusalReason> | null {
    const url = req.url ?? "";
    if (req.method === "GET" && url.startsWith(ROOM_STATUS_PATH)) return this.checkJoinRate(req, {}) ?? this.checkDirectory({});
    if (req.method !== "POST" || !url.startsWith(MATCHMAKE_PATH)) return null;
    const origin = req.headers.origin;
    if (!isOriginAllowed(origin, req.headers.host, this.limits.origins)) {
      return { status: 403, message: "origin not allowed", reason: "origin" };
    }
    const cors = { "access-control-allow-origin": origin || "*" };
    if (this.draining && !(req.url ?? "").startsWith(RECONNECT_PATH)) {
      return { status: 503, message: "this server is shutting down: join again to play on another", reason: "draining", headers: { ...cors, "retry-after": "1" } };
    }
    const length = req.headers["content-length"];
    if (length === undefined && req.headers["transfer-encoding"] !== undefined) {
      return { status: 411, message: "a Content-Length is required", reason: "length_required", headers: cors };
    }
    if (length !== undefined && !(Number(length) <= MATCHMAKE_BODY_MAX_BYTES)) {
      return { status: 413, message: `request body larger than ${MATCHMAKE_BODY_MAX_BYTES} bytes`, reason: "body_too_large", headers: cors };
    }
    return this.checkJoinRate(req, cors) ?? this.checkDirectory(cors);
  }

  /** Without the room directory no room can be found or placed: say so now rather than after Redis's retries (~10 s or more). */
  private checkDirectory(headers: Record<string, string>): Refusal<RequestRefusalReason> | null {
    if (this.directoryReachable()) return null;
    return {
      status: 503, message: "matchmaking is unavailable for a moment (the room directory is unreachable): try again in a few seconds",
      reason: "directory_unreachable", headers: { ...headers, "retry-after": String(DIRECTORY_RETRY_AFTER_SECONDS) },
    };
  }

  private checkJoinRate(req: http.IncomingMessage, headers: Record<string, string>): Refusal<RequestRefusalReason> | null {
    const join = this.joins.tryJoin(this.addressOf(req), this.nowMs());
    if (join.ok) return null;
    return {
      status: 429, message: "too many join attempts from this address; try again shortly", reason: "join_rate",
      headers: { ...headers, "retry-after": String(join.retryAfterSeconds) },
    };
  }

  /**
   * Puts checkRequest in front of every request listener `server` has now (call it after
   * Colyseus has bound its matchmaking routes, which it does when it starts listening).
   */
  guardRequests(server: http.Server): void {
    const listeners = server.listeners("request") as http.RequestListener[];
    server.removeAllListeners("request");
    server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
      const refusal = this.checkRequest(req);
      if (!refusal) {
        for (const listener of listeners) listener.call(server, req, res);
        return;
      }
      this.metrics.counts.matchmakingRefused[refusal.reason]++;
      // The body is never read: close the connection after answering.
      res.writeHead(refusal.status, { "content-type": "application/json", connection: "close", ...refusal.headers });
      res.end(JSON.stringify({ error: refusal.message }));
    });
  }

  private addressOf(req: http.IncomingMessage): string {
    return clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], this.limits.trustedProxyHops);
  }

  private refuseConnection(done: VerifyDone, refusal: Refusal<ConnectionRefusalReason>): void {
    this.metrics.counts.connectionsRefused[refusal.reason]++;
    done(false, refusal.status, refusal.message);
  }
}
