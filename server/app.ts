// Builds the whole server (express + Colyseus on one http server) without listening,
// so the entry point and the tests boot the same thing, tests on port 0.
import http from "node:http";
import path from "node:path";
import { existsSync } from "node:fs";
import express from "express";
import { matchMaker, Server } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import type { WebSocketServer } from "ws";
import { CloseCode, LOBBY_ROOM_NAME, ROOM_NAME, ROOM_STATUS_PATH } from "../shared/protocol.ts";
import { mountAdmin } from "./admin/index.ts";
import { colyseusLogger, createCluster } from "./cluster.ts";
import type { ServerConfig } from "./config.ts";
import { newDrainState } from "./drain.ts";
import { silentLogger, type Logger } from "./log.ts";
import { ServerMetrics } from "./metrics.ts";
import { GuardedLobbyRoom } from "./net/GuardedLobbyRoom.ts";
import { CLOSE_HANDSHAKE_TIMEOUT_MS, NetworkGuards } from "./net/NetworkGuards.ts";
import { RoomBudget } from "./net/RoomBudget.ts";
import { secretMatcher } from "./net/secretMatcher.ts";
import type { RoomServices } from "./net/roomGuard.ts";
import { meterTraffic } from "./net/trafficMeter.ts";
import { ArenaRoom, type ArenaSettings } from "./rooms/ArenaRoom.ts";

export interface GameServer {
  readonly colyseus: Server;
  readonly httpServer: http.Server;
  readonly metrics: ServerMetrics;
  readonly log: Logger;
  /** Listening, and not draining: what /ready answers. */
  readonly ready: boolean;
  /** Listens and resolves with the bound port (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  /** The bound port of the separate metrics listener (METRICS_PORT), once listening. */
  readonly metricsPort: number | undefined;
  /**
   * Stops taking players and lets matches in play finish, for at most `seconds`, then
   * closes: /ready turns false, new joins get 503, players get a notice (see drain.ts).
   */
  drain(seconds: number): Promise<void>;
  /**
   * Stop now: matchmaking stops, every client is closed with 4001 (server shutdown),
   * rooms are disposed, then sockets and the http server close.
   */
  close(): Promise<void>;
}

export interface ServerParts {
  /** Where the server logs (by default nowhere: tests and embedding tools). */
  log?: Logger;
}

/** ws's server option `closeTimeout`, which the installed @types/ws does not list yet. */
const closeHandshakeTimeout = { closeTimeout: CLOSE_HANDSHAKE_TIMEOUT_MS };

export function createGameServer(config: ServerConfig, parts: ServerParts = {}): GameServer {
  const startedAt = Date.now();
  const log = parts.log ?? silentLogger;
  const metrics = new ServerMetrics(() => matchMaker.stats.local.ccu);
  const services: RoomServices = { metrics, log };
  const drainState = newDrainState();
  let listening = false;

  const app = express();
  app.disable("x-powered-by");
  app.get("/health", (_req, res) => {
    res.json({
      status: "ok",
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      rooms: matchMaker.stats.local.roomCount,
      clients: matchMaker.stats.local.ccu,
    });
  });
  // A load balancer sends new players only where /ready answers 200.
  app.get("/ready", (_req, res) => {
    const ready = listening && !drainState.active;
    res.status(ready ? 200 : 503).json({ ready, draining: drainState.active });
  });
  // Whether a room is still listed anywhere (docs/PROTOCOL.md §1): a reconnecting client's question.
  app.get(`${ROOM_STATUS_PATH}:roomId`, (req, res, next) => {
    const roomId = String(req.params.roomId);
    if (!/^[\w-]{1,64}$/.test(roomId)) return void res.status(400).json({ error: "not a room id" });
    matchMaker.query({ roomId }).then((rooms) => res.set({ "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" }).json({ open: rooms.length > 0 }), next);
  });
  if (config.metricsToken) app.get("/metrics", bearerOnly(config.metricsToken), serveMetrics(metrics));
  mountAdmin(app, config, services, startedAt); // /admin (server/admin): only with ADMIN_PASSWORD, behind it

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
  }, metrics);
  const transport = new WebSocketTransport({
    server: httpServer,
    maxPayload: config.maxPayloadBytes,
    // Compressed frames could inflate far beyond maxPayload's intent; inputs gain nothing from it.
    perMessageDeflate: false,
    verifyClient: guards.verifyClient,
    ...closeHandshakeTimeout,
    pingInterval: config.pingIntervalMs,
    pingMaxRetries: 2,
  });
  // Its ws server is protected in the typings; every accepted socket is metered.
  meterTraffic((transport as unknown as { wss: WebSocketServer }).wss, metrics.traffic);
  // With Redis: shared presence and room directory, health checks of the other processes,
  // recovery when Redis comes back (server/cluster.ts).
  const cluster = config.redisUrl ? createCluster({ redisUrl: config.redisUrl, checkSeconds: config.clusterCheckSeconds, log, metrics }) : undefined;
  if (cluster) guards.directoryReachable = cluster.directoryReachable;
  const colyseus = new Server({
    greet: false,
    gracefullyShutdown: false, // the entry point owns signals and the shutdown deadline
    ...(cluster && {
      presence: cluster.presence,
      driver: cluster.driver,
      selectProcessIdToCreateRoom: cluster.selectProcessIdToCreateRoom,
      logger: colyseusLogger(log),
    }),
    ...(config.publicAddress && { publicAddress: config.publicAddress }),
    transport,
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
    services,
    drain: drainState,
  };
  // Quick play fills the fullest open room of the asked mode before opening another.
  colyseus.define(ROOM_NAME, ArenaRoom, { settings }).filterBy(["mode"]).sortBy({ clients: -1 }).enableRealtimeListing();
  colyseus.define(LOBBY_ROOM_NAME, GuardedLobbyRoom, { settings: { maxSendBufferBytes: config.maxSendBufferBytes, services } });

  /** Counts the clients still in rooms, about to be closed by the stop (reason shutdown); returns how many. */
  const countClientsClosedAtStop = () => {
    const clients = matchMaker.stats.local.ccu;
    metrics.counts.clientsClosed.shutdown += clients;
    return clients;
  };
  let metricsServer: http.Server | undefined;
  let closing: Promise<void> | undefined;
  const close = () => closing ??= (async () => {
    drainState.active = false; // whatever is still open closes now
    cluster?.stop();
    await colyseus.gracefullyShutdown(false); // returns at once when a drain already started it
    const leftOpen = countClientsClosedAtStop();
    if (leftOpen > 0) log.warn({ event: "rooms_closed_at_stop", clients: leftOpen });
    await Promise.allSettled(matchMaker.disconnectAll(CloseCode.SERVER_SHUTDOWN));
    matchMaker.stats.reset(false);
    for (const server of [httpServer, metricsServer]) {
      if (!server) continue;
      server.closeAllConnections();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    log.info({ event: "server_stopped" });
  })();

  return {
    colyseus,
    httpServer,
    metrics,
    log,
    get ready() { return listening && !drainState.active; },
    get metricsPort() { return portOf(metricsServer); },
    async listen(port, host = config.host) {
      await colyseus.listen(port, host);
      guards.guardRequests(httpServer); // after listen: Colyseus binds its matchmaking routes then
      if (config.metricsPort !== undefined) metricsServer = await listenForMetrics(metrics, config.metricsPort, config.metricsHost);
      listening = true;
      cluster?.start();
      const bound = portOf(httpServer) ?? port;
      log.info({ event: "server_listening", port: bound, metricsPort: portOf(metricsServer), redis: Boolean(config.redisUrl) });
      return bound;
    },
    async drain(seconds) {
      if (drainState.active || closing) return close();
      drainState.active = true;
      drainState.deadlineAt = Date.now() + seconds * 1000;
      guards.draining = true;
      cluster?.stop();
      log.info({ event: "drain_started", seconds, rooms: matchMaker.stats.local.roomCount, clients: matchMaker.stats.local.ccu });
      // Colyseus locks every room and asks it to shut down (ArenaRoom.onBeforeShutdown
      // plays a match to its end), then waits for the last one to go.
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000).unref());
      const roomsGone = colyseus.gracefullyShutdown(false);
      await Promise.race([roomsGone, deadline]);
      if (matchMaker.stats.local.roomCount > 0) {
        log.warn({ event: "drain_deadline", rooms: matchMaker.stats.local.roomCount, clients: countClientsClosedAtStop() }, "closing the rooms still open");
        await Promise.allSettled(matchMaker.disconnectAll(CloseCode.SERVER_SHUTDOWN));
      }
      await roomsGone;
      await close();
    },
    close,
  };
}

/** 401 unless the request carries `Authorization: Bearer <token>` (compared in constant time). */
function bearerOnly(token: string): express.RequestHandler {
  const isToken = secretMatcher(token);
  return (req, res, next) => {
    const header = req.headers.authorization ?? "";
    if (header.startsWith("Bearer ") && isToken(header.slice(7))) return next();
    res.status(401).set("WWW-Authenticate", 'Bearer realm="metrics"').type("text/plain").send("metrics need a bearer token\n");
  };
}

function serveMetrics(metrics: ServerMetrics): express.RequestHandler {
  return (_req, res, next) => {
    metrics.render().then((text) => res.type(metrics.contentType).send(text), next);
  };
}

/** /metrics alone, without a token, on its own port: for a scraper on a private network. */
async function listenForMetrics(metrics: ServerMetrics, port: number, host: string): Promise<http.Server> {
  const app = express();
  app.disable("x-powered-by");
  app.get("/metrics", serveMetrics(metrics));
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

function portOf(server: http.Server | undefined): number | undefined {
  const address = server?.address();
  return typeof address === "object" && address ? address.port : undefined;
}

function noCacheForHtml(res: http.ServerResponse, filePath: string): void {
  if (filePath.endsWith(".html")) res.setHeader("Cache-Control", "no-cache");
}
