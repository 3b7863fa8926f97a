// Configuration from the environment, validated once at start: a bad value stops the
// server with a message naming the variable, never a surprise later.
import { DEFAULT_MAX_PLAYERS, MAX_PLAYERS_LIMIT, PATCH_HZ, RECONNECT_WINDOW_SECONDS } from "../shared/constants.ts";

export interface ServerConfig {
  port: number;
  host: string;
  patchRateHz: number;
  maxPlayers: number;
  /** Largest WebSocket message accepted; inputs are a few bytes. */
  maxPayloadBytes: number;
  /** Per-client cap on all messages (inputs, echoes, pings); excess closes with 4002. */
  maxMessagesPerSecond: number;
  /** Per-client queue of inputs waiting for a tick; the oldest drop on overflow. */
  inputBufferSize: number;
  /** WebSocket ping interval used to find dead peers. */
  pingIntervalMs: number;
  /** How long a dropped player's seat, score and team are held for a reconnection. */
  reconnectWindowSeconds: number;
  /** Directory of the built browser client served at /. */
  clientDir: string;
  /** With Redis, presence and the room directory are shared by every process that uses it. */
  redisUrl?: string;
  /** host[:port] clients use to reach this process directly (needed when several processes share Redis). */
  publicAddress?: string;
}

export const DEFAULT_CONFIG: ServerConfig = {
  port: 2567,
  host: "0.0.0.0",
  patchRateHz: PATCH_HZ,
  maxPlayers: DEFAULT_MAX_PLAYERS,
  maxPayloadBytes: 2048,
  maxMessagesPerSecond: 120,
  inputBufferSize: 32,
  pingIntervalMs: 3000,
  reconnectWindowSeconds: RECONNECT_WINDOW_SECONDS,
  clientDir: "dist/client",
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const d = DEFAULT_CONFIG;
  return {
    port: integer(env, "PORT", d.port, 0, 65535),
    host: env.HOST?.trim() || d.host,
    patchRateHz: integer(env, "PATCH_RATE_HZ", d.patchRateHz, 1, 60),
    maxPlayers: integer(env, "MAX_PLAYERS", d.maxPlayers, 1, MAX_PLAYERS_LIMIT),
    maxPayloadBytes: integer(env, "MAX_PAYLOAD_BYTES", d.maxPayloadBytes, 256, 1 << 20),
    maxMessagesPerSecond: integer(env, "MAX_MESSAGES_PER_SECOND", d.maxMessagesPerSecond, 40, 10000),
    inputBufferSize: integer(env, "INPUT_BUFFER_SIZE", d.inputBufferSize, 4, 256),
    pingIntervalMs: integer(env, "PING_INTERVAL_MS", d.pingIntervalMs, 500, 60000),
    reconnectWindowSeconds: integer(env, "RECONNECT_WINDOW_SECONDS", d.reconnectWindowSeconds, 0, 600),
    clientDir: env.CLIENT_DIR?.trim() || d.clientDir,
    redisUrl: redisUrl(env),
    publicAddress: publicAddress(env),
  };
}
