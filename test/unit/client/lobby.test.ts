import assert from "node:assert/strict";
import { LobbyFeed, type LobbyStatus } from "../../../client/src/lobby/LobbyFeed.ts";
import { formatTimeLeft, LobbyRooms } from "../../../client/src/lobby/LobbyRooms.ts";
import { decodeRoomListing } from "../../../client/src/lobby/roomListing.ts";
import type { LobbyConnection, LobbyListener } from "../../../client/src/net/connection.ts";

const NOW = 1_800_000_000_000;

/** A listing as the lobby room sends it. */
function listing(roomId: string, over: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) {
  return {
    roomId, name: "arena", clients: 1, maxClients: 32, locked: false, private: false, processId: "p1",
    createdAt: "2026-01-01T00:00:00.000Z", unlisted: false,
    metadata: { mode: "ffa", phase: "playing", phaseEndsAt: NOW + 125_000, ...metadata },
    ...over,
  };
}

describe("lobby: room listings", () => {
  it("decodes what the lobby sends", () => {
    assert.deepEqual(decodeRoomListing(listing("r1", { clients: 3, maxClients: 8 }, { mode: "teams", phase: "waiting" })), {
      roomId: "r1", clients: 3, maxClients: 8, locked: false, mode: "teams", phase: "waiting", phaseEndsAt: NOW + 125_000,
    });
  });

  it("skips other room types, private rooms and malformed listings", () => {
    const bad = [
      null, "r1", [], listing("r1", { name: "lobby" }), listing("r1", { private: true }), listing("", {}),
      listing("r1", { clients: -1 }), listing("r1", { maxClients: "32" }), listing("r1", { metadata: undefined }),
      listing("r1", {}, { mode: "ctf" }), listing("r1", {}, { phase: "paused" }), listing("r1", {}, { phaseEndsAt: "soon" }),
      listing("r1", {}, { phaseEndsAt: Number.NaN }),
    ];
    for (const raw of bad) assert.equal(decodeRoomListing(raw), null, JSON.stringify(raw));
  });
});

describe("lobby: live list", () => {
  it("takes the full list, then applies additions, changes and removals", () => {
    const rooms = new LobbyRooms();
    rooms.replaceAll([listing("a"), listing("b"), { junk: true }]);
    assert.deepEqual(rooms.rows(NOW).map((r) => r.roomId), ["a", "b"]);
    rooms.upsert(["c", listing("c", { clients: 5 })]);
    rooms.upsert(["a", listing("a", { clients: 2 })]);
    assert.deepEqual(rooms.rows(NOW).map((r) => [r.roomId, r.players]), [["c", "5/32"], ["a", "2/32"], ["b", "1/32"]]);
    rooms.remove("c");
    rooms.remove("unknown");
    assert.deepEqual(rooms.rows(NOW).map((r) => r.roomId), ["a", "b"]);
    rooms.replaceAll([listing("z")]);
    assert.deepEqual(rooms.rows(NOW).map((r) => r.roomId), ["z"], "a new full list replaces the old one");
  });

  it("drops a room whose update no longer qualifies, and ignores malformed messages", () => {
    const rooms = new LobbyRooms();
    rooms.replaceAll([listing("a"), listing("b")]);
    rooms.upsert(["a", listing("a", { private: true })]);
    rooms.upsert(["b", listing("other-id")]);
    for (const junk of [undefined, "a", [], [7, listing("x")]]) rooms.upsert(junk);
    rooms.remove(["b"]);
    rooms.replaceAll("not a list");
    assert.equal(rooms.size, 0);
  });

  it("sorts joinable rooms first, fuller first, then by id so rows hold still", () => {
    const rooms = new LobbyRooms();
    rooms.replaceAll([
      listing("full", { clients: 32, locked: true }),
      listing("b", { clients: 3 }),
      listing("a", { clients: 3 }),
      listing("ending", { clients: 4, locked: true }, { phase: "results" }),
      listing("busy", { clients: 9 }),
    ]);
    const rows = rooms.rows(NOW);
    assert.deepEqual(rows.map((r) => r.roomId), ["busy", "a", "b", "full", "ending"]);
    assert.deepEqual(rows.map((r) => [r.joinable, r.lockedLabel]),
      [[true, ""], [true, ""], [true, ""], [false, "Full"], [false, "Ending"]]);
  });

  it("labels mode and phase, and counts the phase's time down from the wall clock", () => {
    const rooms = new LobbyRooms();
    rooms.replaceAll([listing("t", {}, { mode: "teams", phase: "playing", phaseEndsAt: NOW + 125_000 })]);
    const [row] = rooms.rows(NOW);
    assert.deepEqual([row.mode, row.modeLabel, row.phaseLabel, row.timeLeft], ["teams", "Teams", "In play", "2:05"]);
    assert.equal(rooms.rows(NOW + 5_000)[0].timeLeft, "2:00");
    assert.equal(rooms.rows(NOW + 200_000)[0].timeLeft, "0:00", "a phase past its end reads 0:00, not negative");
  });

  it("formats time left rounding up, so 0:00 only shows when the phase is over", () => {
    assert.equal(formatTimeLeft(NOW + 500, NOW), "0:01");
    assert.equal(formatTimeLeft(NOW + 59_001, NOW), "1:00");
    assert.equal(formatTimeLeft(NOW, NOW), "0:00");
    assert.equal(formatTimeLeft(NOW - 10_000, NOW), "0:00");
  });
});

/** A lobby join the test completes by hand. */
function fakeLobby() {
  const joins: { listener: LobbyListener; resolve: (c: LobbyConnection) => void; reject: (e: Error) => void }[] = [];
  let left = 0;
  const connection: LobbyConnection = { leave: () => { left++; } };
  const join = (listener: LobbyListener) => new Promise<LobbyConnection>((resolve, reject) => joins.push({ listener, resolve, reject }));
  return { joins, connection, join, left: () => left };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("lobby: feed", () => {
  it("joins on start, passes the lobby's messages to the list, and leaves on stop", async () => {
    const lobby = fakeLobby();
    const statuses: LobbyStatus[] = [];
    const feed = new LobbyFeed(lobby.join, (s) => statuses.push(s), 10);
    feed.start();
    assert.equal(lobby.joins.length, 1);
    lobby.joins[0].resolve(lobby.connection);
    await tick();
    lobby.joins[0].listener.rooms([listing("a")]);
    lobby.joins[0].listener.added(["b", listing("b")]);
    lobby.joins[0].listener.removed("a");
    assert.deepEqual(feed.rooms.rows(NOW).map((r) => r.roomId), ["b"]);
    assert.deepEqual(statuses, ["connecting", "live", "live", "live"]);
    feed.stop();
    assert.equal(lobby.left(), 1);
    assert.equal(feed.rooms.size, 0);
  });

  it("tries again after a failed join or a lost lobby, until stopped", async () => {
    const lobby = fakeLobby();
    const statuses: LobbyStatus[] = [];
    const feed = new LobbyFeed(lobby.join, (s) => statuses.push(s), 10);
    feed.start();
    lobby.joins[0].reject(new Error("down"));
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(lobby.joins.length, 2, "retried");
    lobby.joins[1].resolve(lobby.connection);
    await tick();
    lobby.joins[1].listener.rooms([listing("a")]);
    lobby.joins[1].listener.closed(4001);
    assert.equal(feed.rooms.size, 0, "a lost lobby shows no stale rooms");
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(lobby.joins.length, 3, "rejoined");
    feed.stop();
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(lobby.joins.length, 3, "no retries once stopped");
    assert.deepEqual(statuses, ["connecting", "offline", "connecting", "live", "offline", "connecting"]);
  });

  it("leaves a join that lands after stop, and ignores its messages", async () => {
    const lobby = fakeLobby();
    const feed = new LobbyFeed(lobby.join, () => {}, 10);
    feed.start();
    feed.stop();
    lobby.joins[0].resolve(lobby.connection);
    await tick();
    assert.equal(lobby.left(), 1);
    lobby.joins[0].listener.rooms([listing("a")]);
    assert.equal(feed.rooms.size, 0);
  });
});
