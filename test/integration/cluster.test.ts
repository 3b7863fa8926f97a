// Everything a player does works whichever process they asked: two server processes on a
// real Redis, and in each test a client asks the process that does NOT host the room.
import assert from "node:assert/strict";
import { Client, ErrorCode } from "@colyseus/sdk";
import { decodeChatLine, MessageType, type ChatLine } from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";
import type { ChildServer } from "../helpers/childServer.ts";
import { requireRedis, startProcesses, startRedis, type RedisServer } from "../helpers/cluster.ts";
import { createVia, dropSocket, hostOf, joinByIdVia, playVia, watchLobby } from "../helpers/clusterClients.ts";
import { waitForState, type ArenaClientRoom } from "../helpers/server.ts";

describe("a cluster: two processes on one Redis", function () {
  this.timeout(60_000);
  let redis: RedisServer | undefined;
  let servers: ChildServer[] = [];
  const open: ArenaClientRoom[] = [];
  const info = console.info;

  /** The process that does not host `room`. */
  const other = (room: ArenaClientRoom) => servers.find((s) => s !== hostOf(room, servers))!;
  const track = (room: ArenaClientRoom) => { open.push(room); return room; };

  before(async function () {
    requireRedis(this, "the cluster tests");
    console.info = () => {}; // the SDK narrates reconnections
    redis = await startRedis();
    servers = await startProcesses(redis.url, 2, { MAX_JOINS_PER_IP_PER_MINUTE: "0", MAX_CONNECTIONS_PER_IP: "0" });
  });

  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((r) => r.connection.isOpen && r.leave()));
  });

  after(() => {
    console.info = info;
    for (const s of servers) s.kill();
    redis?.stop();
  });

  it("quick play through the other process lands in the room the first one found, and both players play", async () => {
    const first = track(await playVia(servers[0], { name: "First", mode: "teams" }));
    const remote = other(first);
    const second = track(await playVia(remote, { name: "Second", mode: "teams" }));
    assert.equal(second.roomId, first.roomId, "quick play found the room on the other process");
    assert.notEqual(hostOf(second, servers), remote, "the client asked one process and plays on the other");
    await waitForState(first, (s) => s.players.size === 2, 5000, "both players, seen by the first");
    await waitForState(second, (s) => s.players.size === 2 && s.players.get(second.sessionId)?.name === "Second", 5000, "both players, seen by the second");
  });

  it("a private code created on one process is joined through the other; an unknown code is refused as unknown", async () => {
    const host = track(await createVia(servers[1], { name: "Host", private: true }));
    const code = host.roomId;
    assert.match(code, /^[A-Z0-9]{5}$/);
    const remote = other(host);
    const guest = track(await joinByIdVia(remote, code, { name: "Guest" }));
    assert.equal(guest.roomId, code);
    await waitForState(host, (s) => s.players.size === 2, 5000, "the guest, seen by the host");
    // Quick play through either process never lands in the private room.
    const stranger = track(await playVia(remote, { name: "Stranger" }));
    assert.notEqual(stranger.roomId, code);
    const unknown = code === "ZZZZZ" ? "YYYYY" : "ZZZZZ";
    await assert.rejects(new Client(remote.httpUrl).joinById(unknown, {}, ArenaState),
      (e: { code?: number }) => e.code === ErrorCode.MATCHMAKE_INVALID_ROOM_ID);
  });

  it("a lobby client on each process lists the other process's rooms live: they appear, change and go", async () => {
    const lobbies = await Promise.all(servers.map((s) => watchLobby(s)));
    try {
      const player = track(await playVia(servers[0], { name: "Lister", mode: "ffa" }));
      const host = hostOf(player, servers);
      const remoteLobby = lobbies[servers.indexOf(other(player))];
      await remoteLobby.until((rooms) => rooms.has(player.roomId), "the new room, hosted by the other process");
      assert.equal(remoteLobby.rooms.get(player.roomId)?.metadata?.mode, "ffa");
      const joiner = track(await playVia(host, { name: "Joiner", mode: "ffa" }));
      assert.equal(joiner.roomId, player.roomId);
      await remoteLobby.until((rooms) => rooms.get(player.roomId)?.clients === 2, "the room's second player");
      await Promise.all([player.leave(), joiner.leave()]);
      await Promise.all(lobbies.map((lobby) => lobby.until((rooms) => !rooms.has(player.roomId), "the emptied room gone")));
    } finally {
      await Promise.all(lobbies.map((l) => l.leave()));
    }
  });

  it("a reloaded tab takes its seat back with its token through the other process", async () => {
    const alice = track(await playVia(servers[1], { name: "Alice", mode: "teams" }));
    const bob = track(await playVia(servers[0], { name: "Bob", mode: "teams" }));
    await waitForState(bob, (s) => s.players.size === 2, 5000, "both players");
    const { sessionId, roomId, reconnectionToken } = alice;
    const team = alice.state.players.get(sessionId)!.team;
    alice.reconnection.enabled = false; // a reload: this page's SDK is gone, the new page uses the saved token
    dropSocket(alice);
    await waitForState(bob, (s) => s.players.get(sessionId)?.connected === false, 5000, "Alice held as dropped");

    const reloaded = track(await new Client(other(alice).httpUrl).reconnect(reconnectionToken, ArenaState));
    reloaded.onMessage("*", () => {});
    assert.deepEqual([reloaded.roomId, reloaded.sessionId], [roomId, sessionId]);
    await waitForState(bob, (s) => s.players.get(sessionId)?.connected === true, 5000, "Alice back, seen by Bob");
    await waitForState(reloaded, (s) => s.players.get(sessionId)?.team === team && s.players.get(sessionId)?.name === "Alice", 5000, "her own seat");
    // The token of a seat given back no longer works, through either process.
    await reloaded.leave();
    for (const s of servers) await assert.rejects(new Client(s.httpUrl).reconnect(reconnectionToken, ArenaState));
  });

  it("chat lines reach everyone in the room, whichever process each player asked", async () => {
    const players: ArenaClientRoom[] = [];
    const lines = new Map<ArenaClientRoom, ChatLine[]>();
    for (const [i, name] of ["Ann", "Ben", "Cat", "Dan"].entries()) {
      const room = track(await playVia(servers[i % 2], { name, mode: "ffa" }));
      const received: ChatLine[] = [];
      room.onMessage(MessageType.CHAT_LINE, (raw) => {
        const line = decodeChatLine(raw);
        if (line.ok && line.value.kind === "player") received.push(line.value);
      });
      lines.set(room, received);
      players.push(room);
    }
    assert.equal(new Set(players.map((p) => p.roomId)).size, 1, "one room");
    await waitForState(players[0], (s) => s.players.size === 4, 5000, "four players");
    // Ann and Cat asked the first process, Ben and Dan the second: one of those pairs asked the non-host.
    const everyoneHeard = Promise.all(players.map((room) => new Promise<void>((resolve) => {
      const check = () => { if (lines.get(room)!.length >= 2) resolve(); };
      room.onMessage(MessageType.CHAT_LINE, check);
      check();
    })));
    players[0].send(MessageType.CHAT, { text: "from the first" });
    players[1].send(MessageType.CHAT, { text: "from the second" });
    await Promise.race([everyoneHeard, new Promise((_, reject) => setTimeout(() => reject(new Error("chat did not reach everyone")), 5000))]);
    for (const received of lines.values()) {
      assert.deepEqual(received.map((l) => l.text).sort(), ["from the first", "from the second"]);
    }
  });
});
