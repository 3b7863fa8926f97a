import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { WebSocket } from "ws";
import { ROOM_NAME } from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";
import { reserveSeat } from "../helpers/rawClient.ts";
import { type ArenaClientRoom, quietSdkNarration, startTestServer, type TestServer, waitForState } from "../helpers/server.ts";

/** Cuts the client's socket the way a network failure does (no close handshake). */
function dropSocket(room: ArenaClientRoom): void {
  (room.connection.transport as unknown as { ws: WebSocket }).ws.terminate();
}

describe("reconnection and heartbeat", function () {
  this.timeout(20_000);
  let t: TestServer;
  quietSdkNarration();
  beforeEach(async () => { t = await startTestServer({ reconnectWindowSeconds: 2, pingIntervalMs: 500 }); });
  afterEach(async () => { await t.close(); });

  it("a dropped client is held as disconnected, reconnects by itself and keeps its score, HP and team", async () => {
    const a = await t.join({ name: "Alice" });
    const b = await t.join({ name: "Bob" });
    a.reconnection.minUptime = 0;
    await waitForState(b, (s) => s.players.size === 2);
    const server = matchMaker.getLocalRoomById(a.roomId)!.state as ArenaState;
    Object.assign(server.players.get(a.sessionId)!, { score: 3, kills: 3, hp: 60 });
    await waitForState(a, (s) => s.players.get(a.sessionId)!.score === 3);

    const reconnected = new Promise<void>((resolve) => a.onReconnect(() => resolve()));
    const sessionId = a.sessionId;
    dropSocket(a);
    await waitForState(b, (s) => s.players.get(sessionId)?.connected === false, 3000, "Alice marked disconnected");
    await reconnected;
    await waitForState(b, (s) => s.players.get(sessionId)?.connected === true, 3000, "Alice back");
    const alice = a.state.players.get(a.sessionId)!;
    assert.equal(a.sessionId, sessionId);
    assert.deepEqual([alice.name, alice.score, alice.hp, alice.team], ["Alice", 3, 60, 0]);
    // Own-player fields flow again after the reconnection.
    await waitForState(a, (s) => s.players.get(a.sessionId)!.fireCooldown !== undefined, 3000, "own fields");
  });

  it("after the window the seat is gone and the token no longer works", async () => {
    const a = await t.join({ name: "Alice" });
    const b = await t.join({ name: "Bob" });
    await waitForState(b, (s) => s.players.size === 2);
    a.reconnection.enabled = false;
    const token = a.reconnectionToken;
    dropSocket(a);
    await waitForState(b, (s) => s.players.size === 1, 5000, "the seat released");
    await assert.rejects(t.client().reconnect(token, ArenaState));
  });

  it("a client that stops answering pings (half-open connection) is dropped within a bounded time", async () => {
    const seat = await reserveSeat(t.httpUrl, { name: "ghost" });
    const observer = await t.join({ name: "observer" });
    const ghost = new WebSocket(`${t.wsUrl}/${seat.processId}/${seat.roomId}?sessionId=${seat.sessionId}`, { autoPong: false });
    ghost.once("message", () => ghost.send(Uint8Array.of(10))); // acknowledge the join, then go silent
    const started = Date.now();
    const closed = new Promise<number>((resolve) => ghost.once("close", (code) => resolve(code)));
    await waitForState(observer, (s) => s.players.size === 2, 3000, "ghost joined");
    await closed;
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 4000, `took ${elapsed} ms with 500 ms pings`);
    // Then its seat is held for the reconnection window and released.
    await waitForState(observer, (s) => s.players.size === 1, 5000, "ghost removed");
  });
});
