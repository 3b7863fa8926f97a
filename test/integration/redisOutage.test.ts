// Redis gone for longer than a restart: two processes keep their rooms ticking and their
// players' patches flowing, matchmaking answers at once with a clear refusal instead of
// hanging, and when Redis is back each process restores the room directory and says so.
import assert from "node:assert/strict";
import type { ServerError } from "@colyseus/sdk";
import type { ChildServer } from "../helpers/childServer.ts";
import { requireRedis, startProcesses, startRedis, type RedisServer } from "../helpers/cluster.ts";
import {
  clockPatches, dropSocket, hostOf, logLines, playVia, waitForLogLine, waitForPersistedRoomCount, watchLobby, type LobbyWatch,
} from "../helpers/clusterClients.ts";
import { waitForState, type ArenaClientRoom } from "../helpers/server.ts";

/** How long Redis stays away, counted in the rooms' own ticks (30 a second): well past ioredis's first ~10 s of retries. */
const OUTAGE_TICKS = 18 * 30;
/** The largest gap between patches a player may see (patches come every 50 ms). */
const GAP_BUDGET_MS = 250;
/** A refused matchmaking request must be answered within this, not when Redis returns. */
const ANSWER_BOUND_MS = 3000;

const ENV = { CLUSTER_CHECK_SECONDS: "1", MAX_JOINS_PER_IP_PER_MINUTE: "0", MAX_CONNECTIONS_PER_IP: "0" };

const errorLines = (server: ChildServer, after: number) => logLines(server, after).filter((l) => (l.level as number) >= 50);

/** Resolves with what `work` settled to, or rejects once `ms` have passed. */
function within<T>(ms: number, what: string, work: Promise<T>): Promise<PromiseSettledResult<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms); });
  return Promise.race([work.then((value) => ({ status: "fulfilled" as const, value }), (reason: unknown) => ({ status: "rejected" as const, reason })), late])
    .finally(() => clearTimeout(timer));
}

describe("a cluster without Redis for 18 s", function () {
  // Two processes (~3 s), 18 s without Redis, its return and the checks: 23–29 s here.
  this.timeout(60_000);
  let redis: RedisServer | undefined;
  const servers: ChildServer[] = [];
  const open: (ArenaClientRoom | LobbyWatch["room"])[] = [];
  const info = console.info;

  before(function () {
    requireRedis(this, "the Redis outage test");
    console.info = () => {}; // the SDK narrates its reconnection
  });

  after(async () => {
    console.info = info;
    for (const room of open.splice(0)) room.reconnection.enabled = false;
    for (const s of servers.splice(0)) s.kill();
    redis?.stop();
    await redis?.exited;
  });

  it("rooms play on, matchmaking is refused at once with a clear error, and the directory comes back with Redis", async () => {
    redis = await startRedis();
    const [a] = await startProcesses(redis.url, 1, ENV);
    servers.push(a);
    const ann = await playVia(a, { name: "Ann", mode: "ffa" });
    open.push(ann);
    const [b] = await startProcesses(redis.url, 1, ENV);
    servers.push(b);
    await waitForPersistedRoomCount(redis.port, 1); // so the next room goes to B, which has none
    const bea = await playVia(b, { name: "Bea", mode: "teams" });
    const abe = await playVia(b, { name: "Abe", mode: "ffa" }); // asked B, plays in A's room
    open.push(bea, abe);
    assert.deepEqual([hostOf(ann, servers), hostOf(bea, servers), abe.roomId], [a, b, ann.roomId]);
    const patches = [ann, abe, bea].map(clockPatches); // Ann's socket is cut and Abe leaves meanwhile: Bea's is the clock that counts
    await Promise.all([ann, bea].map((room) => {
      const from = room.state.tick;
      return waitForState(room, (s) => s.tick > from + 15, 5000, "half a second of patches clocked");
    }));
    const marks = servers.map((s) => s.output().length);
    const port = redis.port;

    // Redis goes away.
    const stoppedAt = performance.now();
    redis.stop();
    await redis.exited;
    await Promise.all(servers.map((s, i) => waitForLogLine(s, (l) => l.event === "redis_disconnected", "redis_disconnected", 5000, marks[i])));
    const tickAtStop = { ann: ann.state.tick, bea: bea.state.tick };

    // Matchmaking through either process: a clear refusal at once, not a wait for Redis.
    for (const [via, options] of [[a, { name: "Cy", mode: "ffa" }], [b, { name: "Di", mode: "teams" }]] as const) {
      const answer = await within(ANSWER_BOUND_MS, "quick play without Redis", playVia(via, options));
      assert.equal(answer.status, "rejected", "quick play without Redis must not succeed");
      const error = (answer as PromiseRejectedResult).reason as ServerError;
      assert.equal(error.code, 503, `status ${error.code}: ${error.message}`);
      assert.match(error.message, /room directory.*unreachable.*try again/i);
    }

    // A player whose socket drops meanwhile gets back into the room it is in: its process alone holds the seat.
    const reconnected = new Promise<number>((resolve) => ann.onReconnect(() => resolve(performance.now())));
    ann.reconnection.minUptime = 0;
    dropSocket(ann);
    const annBackAt = await reconnected;

    // A player who leaves meanwhile is gone from the room at once; the listing catches up when Redis is back.
    await abe.leave();
    await waitForState(ann, (s) => s.players.size === 1, 5000, "Abe gone from Ann's room");

    // The rooms keep ticking for the whole outage, and the players keep receiving patches.
    await waitForState(bea, (s) => s.tick > tickAtStop.bea + OUTAGE_TICKS, OUTAGE_TICKS * 40, "the teams room ticking without Redis");
    await waitForState(ann, (s) => s.tick > tickAtStop.ann + OUTAGE_TICKS, 5000, "the ffa room ticking without Redis");
    const outageEnd = performance.now();
    for (const [name, clock, from] of [["Bea", patches[2], stoppedAt], ["Ann, once back", patches[0], annBackAt]] as const) {
      const gap = clock.largestGap(from, outageEnd);
      assert.ok(gap < GAP_BUDGET_MS, `${name}'s largest patch gap without Redis: ${Math.round(gap)} ms`);
    }

    // Redis is back (empty): each process says so and puts its rooms back.
    redis = await startRedis(port);
    const returnedAt = performance.now();
    await Promise.all(servers.map((s, i) => waitForLogLine(s, (l) => l.event === "redis_reconnected", "redis_reconnected", 10_000, marks[i])));
    await Promise.all(servers.map((s, i) => waitForLogLine(s, (l) => l.event === "cluster_rooms_restored", "cluster_rooms_restored", 10_000, marks[i])));
    const backAt = performance.now();

    // The directory is back: a new lobby lists both rooms, quick play finds them across processes.
    const lobby = await watchLobby(a);
    open.push(lobby.room);
    await lobby.until((rooms) => rooms.get(ann.roomId)?.clients === 1 && rooms.get(bea.roomId)?.clients === 1, "both rooms listed again, as they are now");
    const teams = await playVia(a, { name: "Tia", mode: "teams" });
    const ffa = await playVia(b, { name: "Fay", mode: "ffa" });
    open.push(teams, ffa);
    assert.deepEqual([teams.roomId, ffa.roomId], [bea.roomId, ann.roomId], "quick play found the rooms that lived through the outage");
    await waitForState(bea, (s) => s.players.size === 2, 5000, "Tia in Bea's room");
    for (const room of [ann, bea]) assert.equal(room.connection.isOpen, true);
    for (const [i, s] of servers.entries()) assert.deepEqual(errorLines(s, marks[i]), [], "nothing logged at error level");
    const downMs = logLines(a, marks[0]).find((l) => l.event === "redis_reconnected")?.downMs;
    console.log(`      measured: Redis away ${Math.round(returnedAt - stoppedAt)} ms (process A saw ${downMs} ms), rooms restored on both ` +
      `${Math.round(backAt - returnedAt)} ms after its return, largest patch gap ${Math.round(patches[2].largestGap(stoppedAt, backAt))} ms`);
  });
});
