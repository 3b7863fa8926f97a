// Several processes on one Redis (REDIS_URL): the presence and room directory Colyseus
// shares through it, plus what Colyseus 0.18 leaves to the application when a process or
// Redis itself goes away:
//
// - A killed process unsubscribes from Redis at once (the kernel closes its sockets), so
//   matchmaking skips rooms whose process has no IPC channel left (`PUBSUB CHANNELS p:*`)
//   instead of waiting 2 s for a seat reservation to time out and failing (join by code,
//   reconnect) or retrying (quick play), and never asks a dead process to create a room.
// - Colyseus health-checks other processes only at start and when a request to one of them
//   times out. Every CLUSTER_CHECK_SECONDS each process health-checks the others with
//   Colyseus's own `healthCheckProcessId` (an IPC ping, 2 s timeout), which removes a dead
//   process's rooms from the directory; the lobbies are told those rooms are gone.
// - Redis restarting (empty) loses the directory while the rooms play on: each process
//   puts its rooms back (`restoreMissingRoomCaches`) and re-registers itself when its
//   connections are back, and the periodic check repairs any listing still missing.
// - Redis away longer than ioredis's retries (~10 s): the commands it queued fail. Room
//   listing writes, room counts and lobby notices made meanwhile are dropped instead (rooms
//   would log them as faults, and Colyseus leaves some unhandled) and written again when
//   Redis is back; the driver's shared room query, which Colyseus 0.18 keeps once it has
//   failed, is forgotten so the next query asks Redis again. Matchmaking is refused at once
//   meanwhile (NetworkGuards.directoryReachable): without the directory nothing can be found.
// - ioredis connection events become log lines (redis_disconnected, redis_reconnected)
//   and a gauge, instead of a console line per retry.
import type { EventEmitter } from "node:events";
import { matchMaker, type IRoomCache, type SortOptions } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { Counter, Gauge } from "prom-client";
import type { Logger } from "./log.ts";
import type { ServerMetrics } from "./metrics.ts";

/** The lobby's channel (Colyseus's matchmaker/Lobby.ts): "<roomId>,1" removes a listed room. */
const LOBBY_CHANNEL = "$lobby";
/** Each process subscribes to `p:<processId>` for IPC: that subscription is its sign of life. */
const PROCESS_CHANNEL_PREFIX = "p:";

/** An ioredis connection, as far as this module needs one. */
interface RedisConnection extends EventEmitter {
  status: string;
}

export interface ClusterOptions {
  redisUrl: string;
  /** How often the other processes are health-checked and this one's listings repaired. */
  checkSeconds: number;
  log: Logger;
  metrics: ServerMetrics;
}

export interface Cluster {
  readonly presence: RedisPresence;
  readonly driver: RedisDriver;
  /** Colyseus's hook: which process creates the next room (the live one with fewest rooms). */
  selectProcessIdToCreateRoom(roomName: string, clientOptions: unknown): Promise<string>;
  /** Starts the periodic check (once the server listens). */
  start(): void;
  /** Stops it, and stops reporting Redis connection losses (the server is closing them). */
  stop(): void;
  /** One health check and repair now (tests). */
  check(): Promise<void>;
  /** False while a Redis connection of this process is down: the room directory cannot be read or written. */
  directoryReachable(): boolean;
}

/** A command that failed because Redis was away: ioredis queued it until its retries ran out. */
const isOutageError = (error: unknown) =>
  error instanceof Error && (error.name === "MaxRetriesPerRequestError" || error.message === "Connection is closed.");

/** Runs a background write; if Redis is away, drops it (`dropped` is told) and resolves with `fallback`. */
async function unlessAway<T>(write: Promise<T>, fallback: T, dropped: () => void): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (!isOutageError(error)) throw error;
    dropped();
    return fallback;
  }
}

/**
 * Presence that shows its two connections (publish/commands and subscriptions), and drops
 * the lobby notices and room counts Colyseus publishes without waiting (some without a
 * catch) while Redis is away: the repair announces and counts again once it is back.
 */
class WatchedRedisPresence extends RedisPresence {
  constructor(url: string, private readonly dropped: () => void) {
    super(url);
  }

  connections(): Record<string, RedisConnection> {
    return { presence_pub: this.pub as unknown as RedisConnection, presence_sub: this.sub as unknown as RedisConnection };
  }

  override publish(topic: string, data: unknown): Promise<void> {
    return unlessAway(super.publish(topic, data), undefined, this.dropped);
  }

  override hset(key: string, field: string, value: string): Promise<boolean> {
    return unlessAway(super.hset(key, field, value), false, this.dropped);
  }
}

/**
 * The Redis room directory, except that a room whose process has dropped its IPC channel
 * (killed, or cut off from Redis) is not offered to matchmaking: `findOne` is what quick
 * play, join by id and reconnection ask. Listing (`query`) and cleanup see every room.
 */
class LiveRoomsDriver extends RedisDriver {
  constructor(
    url: string,
    private readonly liveProcesses: () => Promise<ReadonlySet<string> | undefined>,
    /** A listing write was dropped while Redis was away: the listings Redis kept are stale. */
    private readonly dropped: () => void,
  ) {
    super(url);
  }

  // Listing writes (clients joining and leaving, metadata, locks, disposals) while Redis is
  // away: the room already holds the new listing; the repair writes it when Redis is back.
  override update(room: IRoomCache, operations: Parameters<RedisDriver["update"]>[1]): Promise<boolean> {
    return unlessAway(super.update(room, operations), false, this.dropped);
  }

  override persist(room: IRoomCache, create?: boolean): Promise<boolean> {
    return unlessAway(super.persist(room, create), false, this.dropped);
  }

  override remove(roomId: string): Promise<boolean> {
    return unlessAway(super.remove(roomId), false, this.dropped);
  }

  /**
   * Colyseus 0.18's driver shares one HGETALL among the queries asked meanwhile and forgets
   * it only when it succeeds: one that failed (Redis away) would answer every later query,
   * for good. Forget it here, so the next query asks Redis again.
   */
  override async query(conditions: Partial<IRoomCache>, sortOptions?: SortOptions): Promise<IRoomCache[]> {
    try {
      return await super.query(conditions, sortOptions);
    } catch (error) {
      const shared = this as unknown as { _roomCacheRequestByName: Record<string, unknown>; _concurrentRoomCacheRequest?: unknown };
      shared._roomCacheRequestByName = {};
      shared._concurrentRoomCacheRequest = undefined;
      throw error;
    }
  }

  override findOne(conditions: Partial<IRoomCache>, sortOptions?: SortOptions): Promise<IRoomCache> {
    if (conditions.roomId !== undefined) {
      return Promise.all([super.findOne(conditions, sortOptions), this.liveProcesses()])
        .then(([room, live]) => (room && (!live || live.has(room.processId)) ? room : undefined) as IRoomCache);
    }
    return Promise.all([this.query(conditions, sortOptions), this.liveProcesses()])
      .then(([rooms, live]) => rooms.find((room) => !live || live.has(room.processId)) as IRoomCache);
  }

  connection(): RedisConnection {
    return (this as unknown as { _client: RedisConnection })._client;
  }
}

export function createCluster(options: ClusterOptions): Cluster {
  const { log, metrics } = options;
  /** Background writes dropped since Redis went away (see unlessAway). */
  let droppedWrites = 0;
  const dropped = () => { droppedWrites++; };
  const presence = new WatchedRedisPresence(options.redisUrl, dropped);

  // One PUBSUB CHANNELS at a time, shared by the requests that ask meanwhile.
  let asking: Promise<ReadonlySet<string> | undefined> | undefined;
  const liveProcesses = () => asking ??= presence.channels(`${PROCESS_CHANNEL_PREFIX}*`)
    .then((channels) => new Set([matchMaker.processId, ...channels.map((c) => c.slice(PROCESS_CHANNEL_PREFIX.length))]))
    .catch(() => undefined) // cannot tell: filter nothing, Colyseus's own timeouts still apply
    .finally(() => { asking = undefined; });

  const driver = new LiveRoomsDriver(options.redisUrl, liveProcesses, dropped);
  let stopped = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let checking: Promise<void> | undefined;
  let suspectedStale = new Set<string>();

  const redisUp = new Gauge({
    name: "skirmish_redis_up", help: "1 while every Redis connection of this process is up, 0 while one is down.", registers: [metrics.registry],
  });
  const processesRemoved = new Counter({
    name: "skirmish_cluster_processes_removed_total",
    help: "Other processes that failed a health check and whose rooms this process removed from the room directory.",
    registers: [metrics.registry],
  });
  const listingsRestored = new Counter({
    name: "skirmish_cluster_repairs_total",
    help: "Times this process put its rooms back into the room directory (Redis restarted empty, or it was wrongly swept).",
    registers: [metrics.registry],
  });

  /**
   * Puts this process's rooms and its room count back into Redis, and lists its public rooms
   * in every lobby again. When writes were dropped while Redis was away, the listings it kept
   * are stale (clients, locks, metadata): each is written as the room has it now.
   */
  async function repair(reason: string): Promise<void> {
    const dropped = droppedWrites;
    droppedWrites = 0;
    try {
      await matchMaker.restoreMissingRoomCaches();
      await matchMaker.stats.persist(true);
      const own = await matchMaker.query({ processId: matchMaker.processId });
      if (dropped > 0) {
        await Promise.all(own.map((listed) => {
          const room = matchMaker.getLocalRoomById(listed.roomId);
          // The room's own listing (private in Colyseus's typings; its matchmaker reads it the same way).
          return room ? driver.persist((room as unknown as { _listing: IRoomCache })._listing) : undefined;
        }));
      }
      await Promise.all(own.filter((room) => !room.private && !room.unlisted)
        .map((room) => presence.publish(LOBBY_CHANNEL, `${room.roomId},0`)));
      listingsRestored.inc();
      log.info({ event: "cluster_rooms_restored", reason, rooms: own.length, rewritten: dropped > 0 });
    } catch (error) {
      droppedWrites += dropped; // still to rewrite, on the next check
      throw error;
    }
  }

  /** Health-checks every other known process; repairs this one's listings when they are missing. */
  async function runCheck(): Promise<void> {
    const self = matchMaker.processId;
    const [allStats, rooms] = await Promise.all([matchMaker.stats.fetchAll(), matchMaker.query({})]);
    // Known processes: those that registered a room count, and those that still own listed
    // rooms (a create request that timed out unregisters a process but leaves its rooms).
    const others = new Set<string>();
    for (const stat of allStats) if (stat.processId !== self) others.add(stat.processId);
    for (const room of rooms) if (room.processId && room.processId !== self) others.add(room.processId);
    await Promise.all([...others].map(async (processId) => {
      if (await matchMaker.healthCheckProcessId(processId)) return;
      // Colyseus removed its rooms and its room count; lobbies only learn through their channel.
      const lost = rooms.filter((room) => room.processId === processId);
      await Promise.all(lost.filter((room) => !room.unlisted).map((room) => presence.publish(LOBBY_CHANNEL, `${room.roomId},1`)));
      processesRemoved.inc();
      log.warn({ event: "cluster_process_removed", process: processId, rooms: lost.length },
        "a server process did not answer its health check: its rooms left the room directory");
    }));
    if (stopped) return;
    const listed = rooms.filter((room) => room.processId === self);
    // Listings of rooms this process no longer has (disposed while Redis was away, or a Redis
    // restored from a snapshot) go, once seen on two checks in a row: a room being created is
    // listed a moment before it is registered locally.
    const stale = listed.filter((room) => !matchMaker.getLocalRoomById(room.roomId)).map((room) => room.roomId);
    const confirmed = stale.filter((roomId) => suspectedStale.has(roomId));
    suspectedStale = new Set(stale.filter((roomId) => !suspectedStale.has(roomId)));
    if (confirmed.length > 0) {
      await Promise.all(confirmed.map(async (roomId) => {
        await matchMaker.driver.remove(roomId);
        await presence.publish(LOBBY_CHANNEL, `${roomId},1`);
      }));
      log.info({ event: "cluster_stale_rooms_removed", rooms: confirmed.length });
    }
    const registered = allStats.some((stat) => stat.processId === self);
    if (!registered) await repair("process_missing");
    else if (listed.length - stale.length < matchMaker.stats.local.roomCount) await repair("rooms_missing");
    else if (droppedWrites > 0) await repair("writes_dropped");
  }

  const check = () => checking ??= runCheck()
    .catch((error: unknown) => { log.debug({ event: "cluster_check_failed", err: error }); })
    .finally(() => { checking = undefined; });

  // Connection state: one line when the first connection drops, one when all are back.
  const connections = { ...presence.connections(), driver: driver.connection() };
  const down = new Set<string>();
  let downSince = 0;
  let lastError: string | undefined;
  redisUp.set(0);
  for (const [name, connection] of Object.entries(connections)) {
    let connectedOnce = false;
    // Colyseus's presence logs each failed retry to the console: this replaces it.
    connection.removeAllListeners("error");
    connection.on("error", (error: Error) => { lastError = error.message; });
    connection.on("ready", () => {
      connectedOnce = true;
      const wasDown = down.delete(name);
      if (down.size > 0) return;
      redisUp.set(1);
      if (!wasDown || stopped) return;
      log.info({ event: "redis_reconnected", downMs: Date.now() - downSince, droppedWrites }, "Redis is back: restoring this process's room listings");
      repair("redis_reconnected").catch((error: unknown) => {
        log.warn({ event: "cluster_restore_failed", err: error }, "could not restore the room listings yet: the periodic check retries");
      });
    });
    connection.on("close", () => {
      if (!connectedOnce || stopped || down.has(name)) return;
      down.add(name);
      redisUp.set(0);
      if (down.size > 1) return;
      downSince = Date.now();
      log.warn({ event: "redis_disconnected", connection: name, error: lastError },
        "lost the connection to Redis: rooms play on; matchmaking is refused (503) until it returns");
    });
  }

  return {
    presence,
    driver,
    async selectProcessIdToCreateRoom() {
      const [allStats, live] = await Promise.all([matchMaker.stats.fetchAll(), liveProcesses()]);
      const candidates = allStats.filter((stat) => !live || live.has(stat.processId)).sort((a, b) => a.roomCount - b.roomCount);
      return candidates[0]?.processId ?? matchMaker.processId;
    },
    start() {
      if (timer || stopped) return;
      timer = setInterval(() => void check(), options.checkSeconds * 1000);
      timer.unref();
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
    check,
    directoryReachable: () => down.size === 0,
  };
}

/**
 * Colyseus's own log calls (console by default) as pino lines with event "colyseus":
 * its debug chatter (health checks) stays below the default level.
 */
export function colyseusLogger(log: Logger): Record<"debug" | "trace" | "info" | "warn" | "error", (...args: unknown[]) => void> {
  const line = (level: "debug" | "trace" | "info" | "warn" | "error") => (...args: unknown[]) => {
    if (!log.isLevelEnabled(level)) return;
    const msg = args.map((a) => typeof a === "string" ? a : a instanceof Error ? (a.stack ?? a.message) : safeJson(a)).join(" ");
    log[level]({ event: "colyseus" }, msg);
  };
  return { debug: line("debug"), trace: line("trace"), info: line("info"), warn: line("warn"), error: line("error") };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
