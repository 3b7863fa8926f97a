// Configuration from the environment, validated once at start: a bad value stops the
// server with a message naming the variable, never a surprise later.
import { DEFAULT_MAX_PLAYERS, MAX_PLAYERS_LIMIT, PATCH_HZ, RECONNECT_WINDOW_SECONDS, TICK_HZ } from "../shared/constants.ts";
import { parseAllowedOrigins } from "./net/originPolicy.ts";

export interface ServerConfig {
  port: number;
  host: string;
  patchRateHz: number;
  maxPlayers: number;
  /** Largest WebSocket message accepted; inputs are a few bytes. */
  maxPayloadBytes: number;
  /** Per-client budget: messages per second, sustained (inputs, echoes, pings alike). Excess is dropped. */
  messageRatePerSecond: number;
  /** Per-client budget: messages at once above the sustained rate. */
  messageBurst: number;
  /** Dropped messages tolerated (refilling over 5 s) before the client is closed with 4429. */
  messageFloodDrops: number;
  /** Colyseus's own per-client cap, a backstop above the budget (it closes with 4002 at once). */
  maxMessagesPerSecond: number;
  /** Per-client queue of inputs waiting for a tick; the oldest drop on overflow. */
  inputBufferSize: number;
  /** WebSocket ping interval used to find dead peers. */
  pingIntervalMs: number;
  /** How long a dropped player's seat, score and team are held for a reconnection. */
  reconnectWindowSeconds: number;
  /** Bytes the server may queue for one client that is not reading before closing it (4408). */
  maxSendBufferBytes: number;
  /** Open WebSocket connections per client address (0: no limit). */
  maxConnectionsPerIp: number;
  /** Matchmaking requests (join, create, reconnect) per client address per minute (0: no limit). */
  maxJoinsPerIpPerMinute: number;
  /** Rooms this process holds at most; creating one more fails with a clear error. */
  maxRooms: number;
  /** Browser origins allowed besides the server's own, or "*" for any. */
  allowedOrigins: readonly string[] | "*";
  /** Development (NODE_ENV is not "production"): pages on localhost, any port, may connect too. */
  allowLocalhostOrigins: boolean;
  /** Reverse proxies in front of the server whose X-Forwarded-For entries are trusted for per-address limits. */
  trustedProxyHops: number;
  /** Directory of the built browser client served at /. */
  clientDir: string;
  /** With Redis, presence and the room directory are shared by every process that uses it. */
  redisUrl?: string;
  /** host[:port] clients use to reach this process directly (needed when several processes share Redis). */
  publicAddress?: string;
  /** With Redis: how often each process health-checks the others and repairs its own room listings (server/cluster.ts). */
  clusterCheckSeconds: number;
  /** Bearer token that opens /metrics on the game port; without it (and without metricsPort) /metrics is not served. */
  metricsToken?: string;
  /** A separate port serving only /metrics, without a token, on metricsHost. */
  metricsPort?: number;
  /** Address the metrics port binds (loopback unless the operator says otherwise). */
  metricsHost: string;
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  logLevel: LogLevel;
  /** Human-readable log lines instead of JSON (development). */
  logPretty: boolean;
  /** On SIGTERM, how long rooms in play may run on before the process exits. */
  drainSeconds: number;
  /** Mounts the admin view at /admin behind this password; without it /admin is not served. */
  adminPassword?: string;
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_CONFIG: ServerConfig = {
  port: 2567,
  host: "0.0.0.0",
  patchRateHz: PATCH_HZ,
  maxPlayers: DEFAULT_MAX_PLAYERS,
  maxPayloadBytes: 2048,
  messageRatePerSecond: 80,
  messageBurst: 80,
  messageFloodDrops: 100,
  maxMessagesPerSecond: 240,
  inputBufferSize: 32,
  pingIntervalMs: 3000,
  reconnectWindowSeconds: RECONNECT_WINDOW_SECONDS,
  maxSendBufferBytes: 1 << 20,
  maxConnectionsPerIp: 32,
  maxJoinsPerIpPerMinute: 60,
  maxRooms: 200,
  allowedOrigins: [],
  allowLocalhostOrigins: true,
  trustedProxyHops: 0,
  clientDir: "dist/client",
  clusterCheckSeconds: 5,
  metricsHost: "127.0.0.1",
  logLevel: "info",
  logPretty: false,
  drainSeconds: 30,
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

function integer(env: NodeJS.ProcessEnv, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${key} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function redisUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.REDIS_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try { url = new URL(raw); } catch { throw new ConfigError(`REDIS_URL must be a redis:// or rediss:// URL (got "${raw}")`); }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    throw new ConfigError(`REDIS_URL must be a redis:// or rediss:// URL (got "${raw}")`);
  }
  return raw;
}

function publicAddress(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.PUBLIC_ADDRESS?.trim();
  if (!raw) return undefined;
  if (raw.includes("://") || /\s/.test(raw)) {
    throw new ConfigError(`PUBLIC_ADDRESS must be host[:port][/path] without a scheme (got "${raw}")`);
  }
  return raw;
}

/** A credential: long enough not to be guessed, no whitespace (it travels in a header). */
function secret(env: NodeJS.ProcessEnv, key: string, minLength: number): string | undefined {
  const raw = env[key];
  if (raw === undefined || raw === "") return undefined;
  if (raw.length < minLength || /\s/.test(raw)) {
    throw new ConfigError(`${key} must be at least ${minLength} characters with no spaces`);
  }
  return raw;
}

function logLevel(env: NodeJS.ProcessEnv, fallback: LogLevel): LogLevel {
  const raw = env.LOG_LEVEL?.trim().toLowerCase();
  if (!raw) return fallback;
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got "${env.LOG_LEVEL}")`);
  }
  return raw as LogLevel;
}

function flag(env: NodeJS.ProcessEnv, key: string, fallback: boolean): boolean {
  const raw = env[key]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (raw === "1" || raw === "true") return true;
  if (raw === "0" || raw === "false") return false;
  throw new ConfigError(`${key} must be 1, 0, true or false (got "${env[key]}")`);
}

function optionalPort(env: NodeJS.ProcessEnv, key: string): number | undefined {
  const raw = env[key];
  if (raw === undefined || raw.trim() === "") return undefined;
  return integer(env, key, 0, 0, 65535);
}

function allowedOrigins(env: NodeJS.ProcessEnv): readonly string[] | "*" {
  const parsed = parseAllowedOrigins(env.ALLOWED_ORIGINS);
  if (!parsed.ok) throw new ConfigError(`ALLOWED_ORIGINS must be "*" or comma-separated origins: ${parsed.error}`);
  return parsed.value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const config = readConfig(env);
  const budgetPeak = config.messageRatePerSecond + config.messageBurst;
  if (config.maxMessagesPerSecond < budgetPeak) {
    throw new ConfigError(
      `MAX_MESSAGES_PER_SECOND (${config.maxMessagesPerSecond}) must be at least MESSAGE_RATE_PER_SECOND + MESSAGE_BURST (${budgetPeak}): ` +
      "it is the hard cap above the per-client message budget",
    );
  }
  return config;
}

function readConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const d = DEFAULT_CONFIG;
  return {
    port: integer(env, "PORT", d.port, 0, 65535),
    host: env.HOST?.trim() || d.host,
    // Patches follow ticks, at most one per tick.
    patchRateHz: integer(env, "PATCH_RATE_HZ", d.patchRateHz, 1, TICK_HZ),
    maxPlayers: integer(env, "MAX_PLAYERS", d.maxPlayers, 1, MAX_PLAYERS_LIMIT),
    maxPayloadBytes: integer(env, "MAX_PAYLOAD_BYTES", d.maxPayloadBytes, 256, 1 << 20),
    messageRatePerSecond: integer(env, "MESSAGE_RATE_PER_SECOND", d.messageRatePerSecond, 35, 10000),
    messageBurst: integer(env, "MESSAGE_BURST", d.messageBurst, 1, 100000),
    messageFloodDrops: integer(env, "MESSAGE_FLOOD_DROPS", d.messageFloodDrops, 1, 1000000),
    maxMessagesPerSecond: integer(env, "MAX_MESSAGES_PER_SECOND", d.maxMessagesPerSecond, 40, 1000000),
    inputBufferSize: integer(env, "INPUT_BUFFER_SIZE", d.inputBufferSize, 4, 256),
    pingIntervalMs: integer(env, "PING_INTERVAL_MS", d.pingIntervalMs, 500, 60000),
    reconnectWindowSeconds: integer(env, "RECONNECT_WINDOW_SECONDS", d.reconnectWindowSeconds, 0, 600),
    maxSendBufferBytes: integer(env, "MAX_SEND_BUFFER_BYTES", d.maxSendBufferBytes, 16 * 1024, 256 * 1024 * 1024),
    maxConnectionsPerIp: integer(env, "MAX_CONNECTIONS_PER_IP", d.maxConnectionsPerIp, 0, 1000000),
    maxJoinsPerIpPerMinute: integer(env, "MAX_JOINS_PER_IP_PER_MINUTE", d.maxJoinsPerIpPerMinute, 0, 1000000),
    maxRooms: integer(env, "MAX_ROOMS", d.maxRooms, 1, 100000),
    allowedOrigins: allowedOrigins(env),
    allowLocalhostOrigins: env.NODE_ENV !== "production",
    trustedProxyHops: integer(env, "TRUSTED_PROXY_HOPS", d.trustedProxyHops, 0, 10),
    clientDir: env.CLIENT_DIR?.trim() || d.clientDir,
    redisUrl: redisUrl(env),
    publicAddress: publicAddress(env),
    clusterCheckSeconds: integer(env, "CLUSTER_CHECK_SECONDS", d.clusterCheckSeconds, 1, 300),
    metricsToken: secret(env, "METRICS_TOKEN", 16),
    metricsPort: optionalPort(env, "METRICS_PORT"),
    metricsHost: env.METRICS_HOST?.trim() || d.metricsHost,
    logLevel: logLevel(env, d.logLevel),
    logPretty: flag(env, "LOG_PRETTY", env.NODE_ENV !== "production" && Boolean(process.stdout.isTTY)),
    drainSeconds: integer(env, "DRAIN_SECONDS", d.drainSeconds, 0, 3600),
    adminPassword: secret(env, "ADMIN_PASSWORD", 12),
  };
}
