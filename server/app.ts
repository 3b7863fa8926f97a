// Builds the whole server (express + Colyseus on one http server) without listening,
// so the entry point and the tests boot the same thing, tests on port 0.
import http from "node:http";
import path from "node:path";
import { existsSync } from "node:fs";
import express from "express";
import { matchMaker, Server } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { LOBBY_ROOM_NAME, ROOM_NAME } from "../shared/protocol.ts";
import type { ServerConfig } from "./config.ts";
import { healthSnapshot, renderPrometheus } from "./metrics.ts";
import { GuardedLobbyRoom } from "./net/GuardedLobbyRoom.ts";
import { CLOSE_HANDSHAKE_TIMEOUT_MS, NetworkGuards } from "./net/NetworkGuards.ts";
import { RoomBudget } from "./net/RoomBudget.ts";
import { ArenaRoom, type ArenaSettings } from "./rooms/ArenaRoom.ts";

export interface GameServer {
  readonly colyseus: Server;
  readonly httpServer: http.Server;
  /** Listens and resolves with the bound port (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  /**
   * Graceful stop: matchmaking stops, every client is closed with 4001 (server shutdown),
   * rooms are disposed, then sockets and the http server close.
   */
  close(): Promise<void>;
}

/** ws's server option `closeTimeout`, which the installed @types/ws does not list yet. */
const closeHandshakeTimeout = { closeTimeout: CLOSE_HANDSHAKE_TIMEOUT_MS };

export function createGameServer(config: ServerConfig): GameServer {
  const startedAt = Date.now();
  const app = express();
  app.disable("x-powered-by");
  app.get("/health", (_req, res) => { res.json(healthSnapshot(startedAt)); });
  app.get("/metrics", (_req, res) => { res.type("text/plain; version=0.0.4").send(renderPrometheus()); });

  const clientDir = path.resolve(config.clientDir);
  if (existsSync(clientDir)) {
    app.use(express.static(clientDir, { index: "index.html", maxAge: "1h", setHeaders: noCacheForHtml }));
  } else {
    app.get("/", (_req, res) => {
      res.status(503).type("text/plain").send(`The browser client is not built (${clientDir} is missing): run npm run build.`);
    });
  }

  const httpServer = http.createServer(app);
  const guards = new NetworkGuards({
    origins: { allowed: config.allowedOrigins, allowLocalhost: config.allowLocalhostOrigins },
    trustedProxyHops: config.trustedProxyHops,
    maxConnectionsPerIp: config.maxConnectionsPerIp,
    maxJoinsPerIpPerMinute: config.maxJoinsPerIpPerMinute,
  });
  const colyseus = new Server({
    greet: false,
    gracefullyShutdown: false, // the entry point owns signals and the shutdown deadline
    ...(config.redisUrl && { presence: new RedisPresence(config.redisUrl), driver: new RedisDriver(config.redisUrl) }),
    ...(config.publicAddress && { publicAddress: config.publicAddress }),
    transport: new WebSocketTransport({
      server: httpServer,
      maxPayload: config.maxPayloadBytes,
      // Compressed frames could inflate far beyond maxPayload's intent; inputs gain nothing from it.
      perMessageDeflate: false,
      verifyClient: guards.verifyClient,
      ...closeHandshakeTimeout,
      pingInterval: config.pingIntervalMs,
      pingMaxRetries: 2,
    }),
  });

  const settings: ArenaSettings = {
    maxPlayers: config.maxPlayers,
    patchRateHz: config.patchRateHz,
    inputBufferSize: config.inputBufferSize,
    maxMessagesPerSecond: config.maxMessagesPerSecond,
    reconnectWindowSeconds: config.reconnectWindowSeconds,
    messageLimits: { ratePerSecond: config.messageRatePerSecond, burst: config.messageBurst, floodDrops: config.messageFloodDrops },
    maxSendBufferBytes: config.maxSendBufferBytes,
    rooms: new RoomBudget(config.maxRooms),
  };
  // Quick play fills the fullest open room of the asked mode before opening another.
  colyseus.define(ROOM_NAME, ArenaRoom, { settings }).filterBy(["mode"]).sortBy({ clients: -1 }).enableRealtimeListing();
  colyseus.define(LOBBY_ROOM_NAME, GuardedLobbyRoom, { settings: { maxSendBufferBytes: config.maxSendBufferBytes } });

  return {
    colyseus,
    httpServer,
    async listen(port, host = config.host) {
      await colyseus.listen(port, host);
      guards.guardRequests(httpServer); // after listen: Colyseus binds its matchmaking routes then
      const address = httpServer.address();
      return typeof address === "object" && address ? address.port : port;
    },
    async close() {
      await colyseus.gracefullyShutdown(false);
      matchMaker.stats.reset(false);
      httpServer.closeAllConnections();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

function noCacheForHtml(res: http.ServerResponse, filePath: string): void {
  if (filePath.endsWith(".html")) res.setHeader("Cache-Control", "no-cache");
}
