import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import type { Room } from "@colyseus/sdk";
import { PRIVATE_CODE_ALPHABET, PRIVATE_CODE_LENGTH } from "../../shared/constants.ts";
import { LOBBY_ROOM_NAME, ROOM_NAME } from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";
import { startTestServer, waitForState, type TestServer } from "../helpers/server.ts";

interface Listing { roomId: string; clients: number; maxClients: number; metadata: { mode: string; phase: string; phaseEndsAt: number } }

/** Joins the lobby and keeps its live list of rooms. */
async function watchLobby(t: TestServer) {
  const lobby = await t.client().joinOrCreate(LOBBY_ROOM_NAME);
  const rooms = new Map<string, Listing>();
  const changed: (() => void)[] = [];
  const notify = () => changed.splice(0).forEach((f) => f());
  lobby.onMessage("rooms", (list: Listing[]) => { rooms.clear(); for (const r of list) rooms.set(r.roomId, r); notify(); });
  lobby.onMessage("+", ([id, r]: [string, Listing]) => { rooms.set(id, r); notify(); });
  lobby.onMessage("-", (id: string) => { rooms.delete(id); notify(); });
  const until = async (predicate: () => boolean, what: string) => {
    const deadline = Date.now() + 5000;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`lobby never showed ${what}: ${JSON.stringify([...rooms.values()])}`);
      await new Promise<void>((resolve) => { changed.push(resolve); setTimeout(resolve, 200); });
    }
  };
  return { lobby, rooms, until };
}

describe("matchmaking, lobby and private rooms", function () {
  this.timeout(20_000);
  let t: TestServer;
  const opened: Room[] = [];
  const track = <R extends Room>(room: R) => { opened.push(room); return room; };

  beforeEach(async () => { t = await startTestServer({ maxPlayers: 3 }); });
  afterEach(async () => {
    await Promise.allSettled(opened.splice(0).map((r) => r.connection.isOpen && r.leave()));
    await t.close();
  });

  it("quick play fills the fullest open room before opening another", async () => {
    const c = t.client();
    const small = track(await c.create(ROOM_NAME, { name: "s1" }, ArenaState));
    const big = track(await c.create(ROOM_NAME, { name: "b1" }, ArenaState));
    track(await c.joinById(big.roomId, { name: "b2" }, ArenaState));
    const quick = track(await c.joinOrCreate(ROOM_NAME, { name: "q1" }, ArenaState));
    assert.equal(quick.roomId, big.roomId, "went to the fuller room");
    const next = track(await c.joinOrCreate(ROOM_NAME, { name: "q2" }, ArenaState));
    assert.equal(next.roomId, small.roomId, "the full room is skipped");
    track(await c.joinOrCreate(ROOM_NAME, { name: "q3" }, ArenaState));
    const overflow = track(await c.joinOrCreate(ROOM_NAME, { name: "q4" }, ArenaState));
    assert.notEqual(overflow.roomId, small.roomId);
    assert.notEqual(overflow.roomId, big.roomId);
  });

  it("never mixes modes", async () => {
    const c = t.client();
    const ffa = track(await c.joinOrCreate(ROOM_NAME, { name: "a", mode: "ffa" }, ArenaState));
    const teams = track(await c.joinOrCreate(ROOM_NAME, { name: "b", mode: "teams" }, ArenaState));
    const teams2 = track(await c.joinOrCreate(ROOM_NAME, { name: "c", mode: "teams" }, ArenaState));
    const ffa2 = track(await c.joinOrCreate(ROOM_NAME, { name: "d" }, ArenaState));
    assert.notEqual(ffa.roomId, teams.roomId);
    assert.equal(teams2.roomId, teams.roomId);
    assert.equal(ffa2.roomId, ffa.roomId);
    await waitForState(teams2, (s) => s.players.size === 2);
    assert.equal(teams2.state.mode, "teams");
    assert.deepEqual([...teams2.state.players.values()].map((p) => p.team).sort(), [1, 2]);
  });

  it("a private room has a short code, joins by it, and is invisible to quick play and the lobby", async () => {
    const { rooms, until } = await watchLobby(t);
    const c = t.client();
    const host = track(await c.create(ROOM_NAME, { name: "host", private: true }, ArenaState));
    assert.equal(host.roomId.length, PRIVATE_CODE_LENGTH);
    for (const ch of host.roomId) assert.ok(PRIVATE_CODE_ALPHABET.includes(ch), host.roomId);
    const quick = track(await c.joinOrCreate(ROOM_NAME, { name: "stranger" }, ArenaState));
    assert.notEqual(quick.roomId, host.roomId, "quick play never lands in a private room");
    const friend = track(await c.joinById(host.roomId, { name: "friend" }, ArenaState));
    assert.equal(friend.roomId, host.roomId);
    await waitForState(friend, (s) => s.players.size === 2);
    await until(() => rooms.has(quick.roomId), "the public room");
    assert.equal(rooms.has(host.roomId), false, "the private room is not listed");
    await assert.rejects(c.joinById("QQQQQ", { name: "lost" }, ArenaState), /not found|QQQQQ/i);
  });

  it("the lobby lists public rooms live: created, filling, gone", async () => {
    const { rooms, until } = await watchLobby(t);
    const c = t.client();
    const a = track(await c.create(ROOM_NAME, { name: "a", mode: "teams" }, ArenaState));
    await until(() => rooms.get(a.roomId)?.clients === 1, "the new room");
    const listing = rooms.get(a.roomId)!;
    assert.equal(listing.metadata.mode, "teams");
    assert.equal(listing.metadata.phase, "waiting");
    assert.ok(listing.metadata.phaseEndsAt > Date.now());
    assert.equal(listing.maxClients, 3);
    const waitingEndsAt = listing.metadata.phaseEndsAt;
    track(await c.joinById(a.roomId, { name: "b" }, ArenaState));
    await until(() => rooms.get(a.roomId)?.clients === 2, "the second player");
    await until(() => rooms.get(a.roomId)!.metadata.phaseEndsAt < waitingEndsAt - 5000, "the shorter wait once two are in");
    await Promise.all(opened.splice(0).map((r) => r.leave()));
    await until(() => !rooms.has(a.roomId), "the room disposed when empty");
    assert.equal(matchMaker.stats.local.roomCount, 1, "only the lobby is left");
  });
});
