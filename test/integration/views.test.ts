// Interest management over real sockets: what a client's decoded state holds of others, its
// own player across a reconnection, and a full room of 128 load bots.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { matchMaker } from "@colyseus/core";
import type { WebSocket } from "ws";
import { MAX_PLAYERS_LIMIT } from "../../shared/constants.ts";
import { MatchPhase, ROOM_NAME } from "../../shared/protocol.ts";
import { arenaSizeFor } from "../../shared/sim/map.ts";
import type { InputLike } from "../../shared/sim/types.ts";
import { viewRoom } from "../../client/src/net/roomLink.ts";
import { parseCli } from "../../loadbots/options.ts";
import { runLoad } from "../../loadbots/run.ts";
import type { ArenaRoom } from "../../server/rooms/ArenaRoom.ts";
import { openArea, quietSdkNarration, startTestServer, type TestServer, waitForState } from "../helpers/server.ts";

const serverRoomOf = (roomId: string) => matchMaker.getLocalRoomById(roomId) as ArenaRoom;

describe("views over real sockets", function () {
  this.timeout(30_000);
  let t: TestServer;
  quietSdkNarration();
  afterEach(async () => { await t?.close(); });

  it("a far player is listed without its body, and appears at its exact place when it comes near", async () => {
    t = await startTestServer();
    const a = await t.join({ name: "Near" });
    const b = await t.join({ name: "Far" });
    const server = serverRoomOf(a.roomId);
    const [me, other] = [server.state.players.get(a.sessionId)!, server.state.players.get(b.sessionId)!];
    const size = server.state.arenaSize;
    assert.equal(size, arenaSizeFor(server.maxClients));
    Object.assign(me, { x: 200, y: 200 });
    Object.assign(other, { x: size - 200, y: size - 200 });
    const far = await waitForState(a, (s) => s.players.get(a.sessionId)!.x === me.x && s.players.get(b.sessionId)?.name === "Far"
      && s.players.get(b.sessionId)!.x === undefined, 5000, "the far player listed without a body");
    assert.equal(far.players.get(b.sessionId)!.hp, undefined);
    assert.equal(far.players.get(a.sessionId)!.x, me.x, "the own player is whole");

    Object.assign(other, { x: 700, y: 400 });
    await waitForState(a, (s) => s.players.get(b.sessionId)!.x === other.x && s.players.get(b.sessionId)!.y === other.y, 5000, "the near player's body");
    assert.equal(a.state.players.get(b.sessionId)!.hp, other.hp);
  });

  it("after a reconnection the own player is whole at once and predicted exactly, and the near players come back", async () => {
    t = await startTestServer({ reconnectWindowSeconds: 5 });
    const room = await t.join({ name: "Mover" });
    const near = await t.join({ name: "Neighbour" });
    room.reconnection.minUptime = 0;
    const view = viewRoom(room);
    const server = serverRoomOf(room.roomId);
    const me = server.state.players.get(room.sessionId)!;
    const neighbour = server.state.players.get(near.sessionId)!;
    // Open ground: the walk below meets no wall, on the server or in the client's prediction.
    const ground = openArea(server.game.map.obstacles, 400, 500);
    Object.assign(me, { x: ground.x + 100, y: ground.y + 100 });
    Object.assign(neighbour, { x: ground.x + 300, y: ground.y + 100 });
    await waitForState(room, (s) => s.players.get(near.sessionId)?.x === neighbour.x, 5000, "the neighbour in view");

    const reconnected = new Promise<void>((resolve) => room.onReconnect(() => resolve()));
    (room.connection.transport as unknown as { ws: WebSocket }).ws.terminate();
    await reconnected;
    const own = await waitForState(room, (s) => s.players.get(room.sessionId)!.x !== undefined, 5000, "the own player");
    assert.notEqual(own.players.get(room.sessionId)!.fireCooldown, undefined, "owner-only fields too");
    await waitForState(room, (s) => s.players.get(near.sessionId)?.x === neighbour.x, 5000, "the neighbour back in view");

    // Walk on the rebuilt view: the prediction must land exactly where the server has the player.
    let intent: InputLike | null = { mx: 0, my: 1, aim: 0, buttons: 0 };
    let last = performance.now();
    const frames = setInterval(() => {
      const now = performance.now();
      view.render(now, now - last, intent);
      last = now;
    }, 1000 / 60);
    try {
      await new Promise((resolve) => setTimeout(resolve, 800));
      intent = null;
      await waitForState(room, () => view.readout(performance.now()).pendingInputs === 0, 5000, "every input acknowledged");
      await waitForState(room, () => true, 2000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      clearInterval(frames);
    }
    const decoded = room.state.players.get(room.sessionId)!;
    assert.ok(decoded.y > ground.y + 150, `it walked (y ${decoded.y})`);
    assert.deepEqual({ x: view.lastFrame!.self!.x, y: view.lastFrame!.self!.y }, { x: me.x, y: me.y }, "drawn exactly where the server has it");
    assert.equal(view.readout(performance.now()).lastErrorAtAckU, 0);
  });
});

describe("a room of 128", function () {
  this.timeout(90_000);
  let t: TestServer;
  let outRoot: string;
  before(async () => {
    t = await startTestServer({ maxPlayers: MAX_PLAYERS_LIMIT });
    outRoot = await mkdtemp(path.join(os.tmpdir(), "views128-"));
  });
  after(async () => {
    await t?.close();
    if (outRoot) await rm(outRoot, { recursive: true, force: true });
  });

  it(`${MAX_PLAYERS_LIMIT} load bots fill one room and play a match in its arena, each on its own view, without an error`, async () => {
    const parsed = parseCli(["--url", t.wsUrl, "--clients", String(MAX_PLAYERS_LIMIT), "--rooms", "1", "--duration", "25", "--workers", "2",
      "--ramp", "128", "--max-errors", "0", "--seed", "3", "--out", outRoot]);
    assert.equal(parsed.kind, "run");
    if (parsed.kind !== "run") return;
    const run = runLoad(parsed.options);
    let finished = false;
    void run.finally(() => { finished = true; });
    let full: { players: number; slots: number; near: number; arena: number } | null = null;
    while (!finished && !full) {
      const [listing] = await matchMaker.query({ name: ROOM_NAME });
      const room = listing && serverRoomOf(listing.roomId);
      if (room?.state.phase === MatchPhase.PLAYING && room.state.players.size === MAX_PLAYERS_LIMIT) {
        const ids = [...room.state.players.keys()];
        full = {
          players: room.state.players.size,
          slots: new Set([...room.state.players.values()].map((p) => p.slot)).size,
          near: ids.reduce((sum, id) => sum + room.interest.nearCount(id), 0) / ids.length,
          arena: room.state.arenaSize,
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const { report, exitCode } = await run;
    const s = report.summary;
    assert.equal(exitCode, 0, JSON.stringify(s.errors));
    assert.deepEqual([s.joins.ok, s.joins.failed, s.peakConnected], [MAX_PLAYERS_LIMIT, 0, MAX_PLAYERS_LIMIT]);
    assert.ok(full, "the room never played full");
    assert.deepEqual([full.players, full.slots, full.arena], [MAX_PLAYERS_LIMIT, MAX_PLAYERS_LIMIT, arenaSizeFor(MAX_PLAYERS_LIMIT)]);
    assert.ok(full.near < MAX_PLAYERS_LIMIT / 4, `each client holds a part of the room: ${full.near.toFixed(1)} players on average`);
    assert.ok(s.killsHeard > 0, "they fought");
  });
});
