// Losing a process (SIGKILL) and restarting Redis, with real processes and SDK clients.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { Client, CloseCode as ColyseusCloseCode, ErrorCode } from "@colyseus/sdk";
import { connectToArena, type CloseInfo } from "../../client/src/net/connection.ts";
import { describeLeave } from "../../client/src/net/describeError.ts";
import type { SavedSession } from "../../client/src/net/savedSession.ts";
import { ROOM_STATUS_PATH } from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";
import { startChildServer, type ChildServer } from "../helpers/childServer.ts";
import { requireRedis, startProcesses, startRedis, type RedisServer } from "../helpers/cluster.ts";
import {
  clockPatches, createVia, hostOf, waitForPersistedRoomCount, joinByIdVia, logLines, playVia, waitForLogLine, watchLobby, whenDropped, type LobbyWatch,
} from "../helpers/clusterClients.ts";
import { waitForState, type ArenaClientRoom } from "../helpers/server.ts";

/** The health-check interval the processes run with here (CLUSTER_CHECK_SECONDS). */
const CHECK_SECONDS = 1;
/** Colyseus's IPC timeout (COLYSEUS_PRESENCE_SHORT_TIMEOUT): a dead process fails its health check after it. */
const IPC_TIMEOUT_MS = 2000;
/** A dead process's rooms leave the directory within one interval plus one health check, plus this margin (a loaded 2-core machine). */
const MARGIN_MS = 1500;
/** The largest gap between patches a surviving client may see (patches come every 50 ms). */
const GAP_BUDGET_MS = 250;

const ENV = { CLUSTER_CHECK_SECONDS: String(CHECK_SECONDS), MAX_JOINS_PER_IP_PER_MINUTE: "0", MAX_CONNECTIONS_PER_IP: "0", RECONNECT_WINDOW_SECONDS: "20" };

const errorLines = (server: ChildServer, after: number) => logLines(server, after).filter((l) => (l.level as number) >= 50);

describe("a cluster losing a process or Redis", function () {
  this.timeout(90_000);
  let redis: RedisServer | undefined;
  const servers: ChildServer[] = [];
  const open: (ArenaClientRoom | LobbyWatch["room"])[] = [];
  const info = console.info;

  before(function () {
    requireRedis(this, "the cluster failure tests");
    console.info = () => {}; // the SDK narrates each reconnection attempt
  });

  afterEach(async () => {
    // No graceful leaves: a test may end with Redis down, when a leave waits for it.
    for (const room of open.splice(0)) room.reconnection.enabled = false;
    for (const s of servers.splice(0)) s.kill();
    redis?.stop();
    await redis?.exited;
    redis = undefined;
  });

  after(() => { console.info = info; });

  /**
   * Process A with an ffa room (Ann) and the lobby, then process B with a teams room (Bea):
   * a new room goes to the process with fewer rooms, so B hosts the second one.
   */
  async function twoProcessesWithARoomEach() {
    redis = await startRedis();
    const [a] = await startProcesses(redis.url, 1, ENV);
    servers.push(a);
    const ann = await playVia(a, { name: "Ann", mode: "ffa" });
    const lobby = await watchLobby(a);
    open.push(ann, lobby.room);
    const [b] = await startProcesses(redis.url, 1, ENV);
    servers.push(b);
    await waitForPersistedRoomCount(redis.port, 1); // so the next room goes to B, which has none
    const bea = await playVia(b, { name: "Bea", mode: "teams" });
    open.push(bea);
    assert.equal(hostOf(ann, servers), a);
    assert.equal(hostOf(bea, servers), b, "the second room went to the process with fewer rooms");
    // A player of A's room who asked B: B's death must not touch them.
    const abe = await playVia(b, { name: "Abe", mode: "ffa" });
    open.push(abe);
    assert.equal(abe.roomId, ann.roomId);
    await lobby.until((rooms) => rooms.has(bea.roomId) && rooms.has(ann.roomId), "both rooms listed");
    return { a, b, ann, abe, bea, lobby };
  }

  it("SIGKILL: the dead process's rooms leave the directory in bounded time, its players quick-play again at once, the others notice nothing, and a restart rejoins", async () => {
    const { a, b, ann, abe, bea, lobby } = await twoProcessesWithARoomEach();
    const patches = [clockPatches(ann), clockPatches(abe)];
    await waitForState(ann, (s) => s.players.size === 2, 5000, "Ann and Abe");
    const clockedFrom = ann.state.tick;
    await waitForState(ann, (s) => s.tick > clockedFrom + 45, 5000, "1.5 s of patches clocked before the kill");
    const beaToken = bea.reconnectionToken;
    bea.reconnection.minUptime = 0; // as the browser client does
    bea.reconnection.maxRetries = 3; // the browser keeps trying for ~30 s; the outcome is the same
    const beaLeft = new Promise<number>((resolve) => bea.onLeave((code) => resolve(code)));
    const beaDropped = whenDropped(bea);
    const logFrom = a.output().length;

    const killedAt = performance.now();
    b.kill();
    await b.exited;
    servers.splice(servers.indexOf(b), 1);
    await beaDropped;

    // (b) Straight away, quick play through the survivor lands on it without waiting for a
    // timeout; the dead room's id and the dropped seat's token are refused as gone.
    const replayStarted = performance.now();
    const again = await playVia(a, { name: "Bea", mode: "teams" });
    const replayMs = performance.now() - replayStarted;
    open.push(again);
    assert.equal(hostOf(again, servers), a);
    assert.notEqual(again.roomId, bea.roomId);
    assert.ok(replayMs < IPC_TIMEOUT_MS, `quick play right after the kill took ${Math.round(replayMs)} ms`);
    const byCodeStarted = performance.now();
    await assert.rejects(joinByIdVia(a, bea.roomId), (e: { code?: number }) => e.code === ErrorCode.MATCHMAKE_INVALID_ROOM_ID);
    await assert.rejects(new Client(a.httpUrl).reconnect(beaToken, ArenaState), (e: { code?: number }) => e.code === ErrorCode.MATCHMAKE_INVALID_ROOM_ID);
    assert.ok(performance.now() - byCodeStarted < IPC_TIMEOUT_MS, "join by id and reconnect answer at once");
    // The SDK's own reconnection fails, and the player is told the server went away.
    const code = await beaLeft;
    assert.equal(code, ColyseusCloseCode.FAILED_TO_RECONNECT);
    assert.match(describeLeave(code)!, /server .*(gone away|stopped)/i);

    // (a) The lobby (on the survivor) drops the dead room within one interval and one health check.
    const goneAt = await lobby.until((rooms) => !rooms.has(bea.roomId), "the dead process's room gone",
      CHECK_SECONDS * 1000 + IPC_TIMEOUT_MS + MARGIN_MS + 2000);
    const removedMs = goneAt - killedAt;
    assert.ok(removedMs <= CHECK_SECONDS * 1000 + IPC_TIMEOUT_MS + MARGIN_MS, `the room left the lobby ${Math.round(removedMs)} ms after the kill`);
    await waitForLogLine(a, (l) => l.event === "cluster_process_removed", "the survivor says it removed the dead process", 5000, logFrom);
    const fresh = await watchLobby(a);
    open.push(fresh.room);
    assert.ok(!fresh.rooms.has(bea.roomId) && fresh.rooms.has(ann.roomId), "a new lobby lists the survivor's rooms only");
    // What a reconnecting browser asks (ROOM_STATUS_PATH): the dead room is gone, the live one open.
    const roomStatus = async (roomId: string) => (await (await fetch(`${a.httpUrl}${ROOM_STATUS_PATH}${roomId}`)).json()) as { open: boolean };
    assert.deepEqual([await roomStatus(bea.roomId), await roomStatus(ann.roomId)], [{ open: false }, { open: true }]);

    // (c) The survivor's players saw nothing: connected, patches at their usual pace, no error logged.
    const until = performance.now();
    for (const clock of patches) {
      const gap = clock.largestGap(killedAt - 1000, until);
      assert.ok(gap < GAP_BUDGET_MS, `largest patch gap around the kill: ${Math.round(gap)} ms`);
    }
    for (const room of [ann, abe]) assert.equal(room.connection.isOpen, true);
    assert.deepEqual(errorLines(a, logFrom), [], "no error logged by the survivor");
    console.log(`      measured: room out of the lobby ${Math.round(removedMs)} ms after SIGKILL (interval ${CHECK_SECONDS} s), ` +
      `quick play right after ${Math.round(replayMs)} ms, largest patch gap ${patches.map((p) => Math.round(p.largestGap(killedAt - 1000, until))).join(" / ")} ms`);

    // (d) The process restarted on the same port and address rejoins: a new room can land there.
    const restarted = await startChildServer({ ...ENV, REDIS_URL: redis!.url, PORT: String(b.port), PUBLIC_ADDRESS: `127.0.0.1:${b.port}` });
    servers.push(restarted);
    const landed = await createVia(a, { name: "Cy", mode: "teams", private: true });
    open.push(landed);
    assert.equal(hostOf(landed, servers), restarted, "the restarted process (fewest rooms) hosts the new room");
    const guest = await joinByIdVia(a, landed.roomId, { name: "Di" });
    open.push(guest);
    await waitForState(landed, (s) => s.players.size === 2, 5000, "a second player through the survivor");
  });

  it("the browser client whose match died with its process is told within seconds, not after the reconnection window", async () => {
    const { a, b, bea } = await twoProcessesWithARoomEach();
    // The browser's own connection module, asking the survivor A for a room B hosts.
    let saved: SavedSession | null = null;
    const sessions = { load: () => saved, save: (s: SavedSession) => { saved = s; }, clear: () => { saved = null; } };
    const connection = await connectToArena(
      { method: "joinById", roomId: bea.roomId, options: { name: "Cal" }, privateRoom: false }, `ws://127.0.0.1:${a.port}`, sessions);
    await waitForState(bea, (s) => s.players.size === 2, 5000, "Cal in Bea's room");
    const closed = new Promise<CloseInfo>((resolve) => connection.onClose(resolve));
    const reconnecting = new Promise<void>((resolve) => connection.onStatus((status) => { if (status === "reconnecting") resolve(); }));

    const { warn } = console;
    console.warn = () => {}; // the client reports each failed reconnection attempt
    const killedAt = performance.now();
    b.kill();
    await b.exited;
    servers.splice(servers.indexOf(b), 1);
    await reconnecting;
    const { code } = await closed.finally(() => { console.warn = warn; });
    const toldMs = performance.now() - killedAt;
    assert.equal(code, ColyseusCloseCode.FAILED_TO_RECONNECT);
    assert.match(describeLeave(code)!, /server hosting it has stopped or gone away/);
    // The room leaves the directory within the check interval and a health check; the client asks every 3 s.
    assert.ok(toldMs < CHECK_SECONDS * 1000 + IPC_TIMEOUT_MS + 3000 + MARGIN_MS + 2000, `told after ${Math.round(toldMs)} ms (the reconnection window is 20 s)`);
    assert.equal(saved, null, "the dead seat is forgotten: a reload goes to the menu");
    console.log(`      measured: the player was told ${Math.round(toldMs)} ms after SIGKILL`);
  });

  it("Redis restarting: rooms play on, the processes log it, and the directory comes back", async () => {
    const { a, b, ann, abe, bea, lobby } = await twoProcessesWithARoomEach();
    const patches = [clockPatches(ann), clockPatches(bea)];
    await Promise.all([ann, bea].map((room) => {
      const from = room.state.tick;
      return waitForState(room, (s) => s.tick > from + 15, 5000, "half a second of patches clocked");
    }));
    const marks = servers.map((s) => s.output().length);
    const port = redis!.port;

    const stoppedAt = performance.now();
    redis!.stop();
    await redis!.exited;
    await Promise.all(servers.map((s, i) => waitForLogLine(s, (l) => l.event === "redis_disconnected", "redis_disconnected", 10_000, marks[i])));
    // While Redis is down the rooms keep ticking.
    const tickAtStop = bea.state.tick;
    await waitForState(bea, (s) => s.tick > tickAtStop + 30, 5000, "a second of ticks without Redis");
    redis = await startRedis(port);
    await Promise.all(servers.map((s, i) => waitForLogLine(s, (l) => l.event === "redis_reconnected", "redis_reconnected", 15_000, marks[i])));
    await Promise.all(servers.map((s, i) => waitForLogLine(s, (l) => l.event === "cluster_rooms_restored", "rooms restored", 15_000, marks[i])));
    const backAt = performance.now();

    // The players never noticed.
    for (const clock of patches) {
      const gap = clock.largestGap(stoppedAt, backAt);
      assert.ok(gap < GAP_BUDGET_MS, `largest patch gap while Redis restarted: ${Math.round(gap)} ms`);
    }
    for (const room of [ann, abe, bea]) assert.equal(room.connection.isOpen, true);

    // The directory is back: a new lobby lists both rooms, quick play through either process finds them.
    const fresh = await watchLobby(a);
    open.push(fresh.room);
    await fresh.until((rooms) => rooms.has(ann.roomId) && rooms.has(bea.roomId), "both surviving rooms listed again");
    await lobby.until((rooms) => rooms.has(ann.roomId) && rooms.has(bea.roomId), "the old lobby still lists both");
    const teams = await playVia(a, { name: "Tia", mode: "teams" });
    const ffa = await playVia(b, { name: "Fay", mode: "ffa" });
    open.push(teams, ffa);
    assert.deepEqual([teams.roomId, ffa.roomId], [bea.roomId, ann.roomId], "quick play found the rooms that survived, across processes");
    await waitForState(bea, (s) => s.players.size === 2, 5000, "Tia in Bea's room");
    await lobby.until((rooms) => rooms.get(bea.roomId)?.clients === 2, "the lobby from before follows changes again");
    for (const [i, s] of servers.entries()) assert.deepEqual(errorLines(s, marks[i]), [], "no error logged");
    console.log(`      measured: Redis down and back in ${Math.round(backAt - stoppedAt)} ms, largest patch gap ` +
      `${patches.map((p) => Math.round(p.largestGap(stoppedAt, backAt))).join(" / ")} ms`);
  });

  it("a listing left behind for a room its process no longer has (a Redis restored from a snapshot) is removed within two checks", async () => {
    redis = await startRedis();
    const [a] = await startProcesses(redis.url, 1, ENV);
    servers.push(a);
    const ann = await playVia(a, { name: "Ann", mode: "ffa" });
    open.push(ann);
    const lobby = await watchLobby(a);
    open.push(lobby.room);
    const processId = lobby.rooms.get(ann.roomId)?.processId;
    assert.ok(processId, "the lobby names the hosting process");
    const ghost = { roomId: "GHOST", processId, name: "arena", clients: 1, maxClients: 32, locked: false, private: false, unlisted: false, metadata: { mode: "ffa" } };
    const cli = (...args: string[]) => spawnSync("redis-cli", ["-p", String(redis!.port), ...args], { encoding: "utf8" }).stdout.trim();
    const mark = a.output().length;
    cli("HSET", "roomcaches", "GHOST", JSON.stringify(ghost));
    const started = performance.now();
    await waitForLogLine(a, (l) => l.event === "cluster_stale_rooms_removed", "the left-behind listing removed", 2 * CHECK_SECONDS * 1000 + MARGIN_MS + 2000, mark);
    assert.ok(performance.now() - started <= 2 * CHECK_SECONDS * 1000 + MARGIN_MS);
    assert.equal(cli("HEXISTS", "roomcaches", "GHOST"), "0");
    assert.equal(cli("HEXISTS", "roomcaches", ann.roomId), "1", "the real room stays");
  });
});
