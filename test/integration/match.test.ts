import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { PLAYER_MAX_HP, PROJECTILE_DAMAGE, TICK_HZ } from "../../shared/constants.ts";
import { decodeChatLine, decodeEchoReply, decodeHit, decodeKill, MessageType, PHASE_NAMES } from "../../shared/protocol.ts";
import type { ArenaState } from "../../shared/schema.ts";
import { generateMap } from "../../shared/sim/map.ts";
import { Button } from "../../shared/sim/types.ts";
import { roomInputs } from "../../client/src/net/roomLink.ts";
import { placeTogether, startTestServer, waitForState, type ArenaClientRoom, type TestServer } from "../helpers/server.ts";

type Frame = { mx: number; my: number; aim: number; buttons: number };

/** Sends one input frame per fixed tick (two to a message), like the browser does, until stopped. */
function drive(room: ArenaClientRoom, frame: () => Frame) {
  const input = roomInputs(room);
  const timer = setInterval(() => {
    Object.assign(input.data, frame());
    input.send();
  }, 1000 / TICK_HZ);
  return { input, stop: () => clearInterval(timer) };
}

describe("a match between two SDK clients on a real server", function () {
  this.timeout(30_000);
  let t: TestServer;
  beforeEach(async () => { t = await startTestServer(); });
  afterEach(async () => { await t.close(); });

  it("both join the same arena, see each other and the whole state", async () => {
    const a = await t.join({ name: "Alice" });
    const b = await t.join({ name: "Bob" });
    assert.equal(a.roomId, b.roomId);
    await waitForState(a, (s) => s.players.size === 2);
    await waitForState(b, (s) => s.players.size === 2);
    const state = b.state;
    assert.deepEqual([...state.players.values()].map((p) => p.name).sort(), ["Alice", "Bob"]);
    assert.ok(state.mapSeed > 0 || state.mapSeed === 0);
    assert.equal(state.pickups.length, generateMap(state.mapSeed, state.arenaSize).pickupSpots.length);
    assert.ok(PHASE_NAMES[state.phase]);
    const bob = state.players.get(b.sessionId)!;
    assert.equal(bob.hp, PLAYER_MAX_HP);
    assert.equal(bob.alive, true);
    // Owner-only fields reach their owner and nobody else.
    await waitForState(b, (s) => s.players.get(b.sessionId)!.ack !== undefined, 2000, "own ack and timers");
    assert.equal(b.state.players.get(a.sessionId)!.ack, undefined);
    assert.equal(b.state.players.get(a.sessionId)!.fireCooldown, undefined);
  });

  it("inputs move a player and the other client sees it move", async () => {
    const a = await t.join({ name: "Alice" });
    const b = await t.join({ name: "Bob" });
    await waitForState(b, (s) => s.players.size === 2);
    placeTogether(a.roomId, [a.sessionId, b.sessionId]); // Bob is sent Alice's position only while she is near
    await waitForState(b, (s) => s.players.get(a.sessionId)!.x !== undefined, 5000, "Alice in Bob's view");
    const aliceSeenByBob = () => b.state.players.get(a.sessionId)!;
    const start = { x: aliceSeenByBob().x, y: aliceSeenByBob().y };
    const map = generateMap(a.state.mapSeed, a.state.arenaSize);
    // Walk toward the arena centre: away from the edge, so the move cannot be clamped to nothing.
    const mx = start.x < map.width / 2 ? 1 : -1;
    const driver = drive(a, () => ({ mx, my: 0, aim: 0, buttons: 0 }));
    try {
      await waitForState(b, () => Math.abs(aliceSeenByBob().x - start.x) > 10, 5000, "Alice moving on Bob's screen");
      await waitForState(a, () => driver.input.lastProcessed > 5, 5000, "the own player's ack");
    } finally {
      driver.stop();
    }
  });

  it("one shoots the other: both see the HP drop, then the kill and the score", async () => {
    const a = await t.join({ name: "Alice" });
    const b = await t.join({ name: "Bob" });
    await waitForState(a, (s) => s.players.size === 2);

    // Stand Bob 200 units to Alice's right in an open lane, through the room's own state.
    const room = matchMaker.getLocalRoomById(a.roomId)!;
    const state = room.state as ArenaState;
    const map = generateMap(state.mapSeed, state.arenaSize);
    const lane = map.spawnPoints.find((s) => s.x + 200 < map.width - 40 &&
      map.obstacles.every((o) => o.x > s.x + 260 || o.x + o.w < s.x - 60 || o.y > s.y + 60 || o.y + o.h < s.y - 60))!;
    const alice = state.players.get(a.sessionId)!, bob = state.players.get(b.sessionId)!;
    Object.assign(alice, { x: lane.x, y: lane.y, protectedUntil: 0 });
    Object.assign(bob, { x: lane.x + 200, y: lane.y, protectedUntil: 0 });

    const kills: unknown[] = [];
    const hitsToAlice: unknown[] = [];
    const hitsToBob: unknown[] = [];
    const systemLines: string[] = [];
    b.onMessage(MessageType.KILL, (m) => kills.push(decodeKill(m)));
    a.onMessage(MessageType.HIT, (m) => hitsToAlice.push(decodeHit(m)));
    b.onMessage(MessageType.HIT, (m) => hitsToBob.push(decodeHit(m)));
    b.onMessage(MessageType.CHAT_LINE, (m) => { const line = decodeChatLine(m); if (line.ok && line.value.kind === "system") systemLines.push(line.value.text); });
    let firing = true;
    const driver = drive(a, () => ({ mx: 0, my: 0, aim: 0, buttons: firing ? Button.FIRE : 0 }));
    try {
      for (const room of [a, b]) {
        await waitForState(room, (s) => s.players.get(b.sessionId)!.hp === PLAYER_MAX_HP - PROJECTILE_DAMAGE, 5000, "first hit");
      }
      for (const room of [a, b]) {
        await waitForState(room, (s) => s.players.get(a.sessionId)!.score === 1 && !s.players.get(b.sessionId)!.alive, 8000, "the kill");
      }
      firing = false;
      assert.equal(b.state.players.get(b.sessionId)!.deaths, 1);
      assert.equal(b.state.players.get(a.sessionId)!.kills, 1);
      assert.deepEqual(kills[0], { ok: true, value: { killer: a.sessionId, victim: b.sessionId } }, "the kill reaches everyone, for the kill feed");
      assert.ok(systemLines.every((line) => !line.includes("eliminated")), "the chat does not repeat kills");
      assert.ok(hitsToAlice.length >= 5, "the shooter hears of each hit");
      assert.deepEqual(hitsToAlice[0], { ok: true, value: { attacker: a.sessionId, victim: b.sessionId, damage: PROJECTILE_DAMAGE, shot: (hitsToAlice[0] as { value: { shot: number } }).value.shot } });
      assert.deepEqual(hitsToBob, [], "hits go to their shooter only");
      // Respawn: Bob comes back at full health.
      await waitForState(b, (s) => s.players.get(b.sessionId)!.alive && s.players.get(b.sessionId)!.hp === PLAYER_MAX_HP, 6000, "respawn");
    } finally {
      driver.stop();
    }
  });

  it("echoes ECHO messages with the server's tick (the round-trip probe and clock-sync sample)", async () => {
    const room = await t.join({ name: "Alice" });
    await waitForState(room, (s) => s.tick > 3);
    const echoed = new Promise((resolve) => room.onMessage(MessageType.ECHO, resolve));
    room.send(MessageType.ECHO, { t: 123.5 });
    const reply = decodeEchoReply(await echoed);
    assert.ok(reply.ok);
    assert.equal(reply.value.t, 123.5);
    assert.ok(reply.value.tick >= room.state.tick && reply.value.tick < room.state.tick + 3, `server tick ${reply.value.tick} near the state's ${room.state.tick}`);
  });

  it("answers /health with uptime, rooms and clients", async () => {
    await t.join({ name: "Alice" });
    const health = await (await fetch(`${t.httpUrl}/health`)).json();
    assert.equal(health.status, "ok");
    assert.equal(health.rooms, 1);
    assert.equal(health.clients, 1);
    assert.equal(typeof health.uptimeSeconds, "number");
  });
});
