// The client's netcode against a real server through a delaying relay: prediction converges
// exactly to the server's authority, and shots judged on the shooter's screen are the shots
// the server registers.
import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { PLAYER_RADIUS_U, PROJECTILE_SPEED } from "../../shared/constants.ts";
import { MatchPhase, ROOM_NAME } from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";
import type { Rect } from "../../shared/sim/geometry.ts";
import { Button, type InputLike } from "../../shared/sim/types.ts";
import type { MatchView } from "../../client/src/net/MatchView.ts";
import { roomInputs, viewRoom } from "../../client/src/net/roomLink.ts";
import { startLatencyRelay, symmetricProfile, type LatencyRelay } from "../../loadbots/latencyRelay.ts";
import type { ArenaRoom } from "../../server/rooms/ArenaRoom.ts";
import { openArea, startTestServer, waitForState, type ArenaClientRoom, type TestServer } from "../helpers/server.ts";
import { Client } from "@colyseus/sdk";

/** Renders a MatchView at 60 frames a second with whatever `intent` says at each frame (null: send nothing). */
function renderLoop(view: MatchView, intent: () => InputLike | null) {
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    view.render(now, now - last, intent());
    last = now;
  }, 1000 / 60);
  return () => clearInterval(timer);
}

const serverRoomOf = (roomId: string) => matchMaker.getLocalRoomById(roomId) as ArenaRoom;

/** An obstacle with open ground to its left and below, for a slide along its face. */
function wallWithRoom(obstacles: readonly Rect[]): Rect {
  const clear = (x: number, y: number, w: number, h: number) =>
    obstacles.every((o) => o.x > x + w || o.x + o.w < x || o.y > y + h || o.y + o.h < y);
  const wall = obstacles.find((o) => o.h >= 120 && o.x > 200 && clear(o.x - 140, o.y - 20, 130, o.h + 200));
  assert.ok(wall, "the map has a wall with room beside it");
  return wall;
}

describe("netcode through a delaying relay", function () {
  this.timeout(40_000);
  let t: TestServer;
  let relay: LatencyRelay;
  const rooms: ArenaClientRoom[] = [];

  afterEach(async () => {
    await Promise.allSettled(rooms.splice(0).map((r) => r.leave()));
    await relay?.close();
    await t?.close();
  });

  async function joinThroughRelay(rttMs: number, jitterMs: number, name: string): Promise<{ room: ArenaClientRoom; view: MatchView }> {
    relay = await startLatencyRelay({ targetPort: t.port, ...symmetricProfile(rttMs, jitterMs), seed: 5 });
    const room = await new Client(relay.httpUrl).joinOrCreate(ROOM_NAME, { name }, ArenaState);
    room.onMessage("*", () => {});
    rooms.push(room);
    return { room, view: viewRoom(room) };
  }

  it("at 200 ms RTT a player sliding along a wall is predicted exactly: the reconciled position converges to the server's", async () => {
    t = await startTestServer();
    const { room, view } = await joinThroughRelay(200, 20, "Slider");
    await waitForState(room, (s) => s.players.has(room.sessionId));
    const server = serverRoomOf(room.roomId);
    const wall = wallWithRoom(server.game.map.obstacles);
    const me = server.state.players.get(room.sessionId)!;
    // Against the wall's left face, halfway up: pushing right and down slides along it.
    me.x = wall.x - PLAYER_RADIUS_U - 1;
    me.y = wall.y + wall.h / 2;
    await waitForState(room, (s) => Math.abs(s.players.get(room.sessionId)!.x - me.x) < 0.1, 5000, "the placement to arrive");

    let intent: InputLike | null = { mx: 1, my: 1, aim: 0, buttons: 0 };
    const stop = renderLoop(view, () => intent);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      intent = null; // stop sending, and let every input be acknowledged
      await waitForState(room, () => view.readout(performance.now()).pendingInputs === 0, 5000, "every input acknowledged");
      await waitForState(room, () => true, 2000); // one more patch, then a frame to draw it
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      stop();
    }
    const readout = view.readout(performance.now());
    const own = room.state.players.get(room.sessionId)!;
    assert.ok(own.y > wall.y + wall.h / 2 + 30, `it slid along the wall (y ${own.y})`);
    assert.deepEqual({ x: view.lastFrame!.self!.x, y: view.lastFrame!.self!.y }, { x: own.x, y: own.y }, "drawn exactly where the server has it");
    assert.deepEqual({ x: own.x, y: own.y }, { x: me.x, y: me.y }, "the client's decoded state is the server's");
    assert.equal(readout.corrections, 0, "no visible correction along the way");
    assert.equal(readout.lastErrorAtAckU, 0);
  });

  it("at 150 ms RTT the shots that touch a moving target on the shooter's screen are the shots the server registers", async () => {
    t = await startTestServer();
    const { room: shooterRoom, view } = await joinThroughRelay(150, 0, "Shooter");
    const target = await t.join({ name: "Target" }); // direct: its motion reaches the server on time
    rooms.push(target);
    await waitForState(shooterRoom, (s) => s.phase === MatchPhase.PLAYING, 20_000, "the match");
    const server = serverRoomOf(shooterRoom.roomId);
    const ground = openArea(server.game.map.obstacles, 450, 350);
    const shooter = server.state.players.get(shooterRoom.sessionId)!;
    const victim = server.state.players.get(target.sessionId)!;
    Object.assign(shooter, { x: ground.x + 40, y: ground.y + 175 });
    Object.assign(victim, { x: ground.x + 400, y: ground.y + 60, protectedUntil: 0 });

    // The target walks up and down across the line of fire, turning every 24 steps.
    const input = roomInputs(target);
    let step = 0;
    const walker = setInterval(() => {
      input.data.my = Math.floor(step++ / 24) % 2 ? -1 : 1;
      input.send();
      victim.hp = 100; // it never dies during the test
    }, 1000 / 30);

    // The shooter leads the target as drawn on its own screen, with an aim error that
    // makes some shots touch and some miss.
    const previous = { x: 0, y: 0, at: 0 };
    let aimError = 0, shot = 0;
    const intent = (): InputLike => {
      const drawn = view.lastFrame?.remotes.get(target.sessionId);
      const self = view.lastFrame?.self;
      if (!drawn || !self) return { mx: 0, my: 0, aim: 0, buttons: 0 };
      const now = performance.now();
      const vy = previous.at ? ((drawn.y - previous.y) / (now - previous.at)) * 1000 : 0;
      Object.assign(previous, { x: drawn.x, y: drawn.y, at: now });
      const flight = Math.hypot(drawn.x - self.x, drawn.y - self.y) / PROJECTILE_SPEED;
      if (++shot % 20 === 0) aimError = ((shot * 7919) % 51) - 25; // units off target, varying
      const aim = Math.atan2(drawn.y + vy * flight + aimError - self.y, drawn.x - self.x);
      return { mx: 0, my: 0, aim, buttons: Button.FIRE };
    };
    // Both placements reach the shooter's screen before it starts firing.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const stop = renderLoop(view, intent);
    try {
      await waitForState(shooterRoom, () => view.readout(performance.now()).shotsFired >= 50, 30_000, "50 shots");
    } finally {
      stop();
      clearInterval(walker);
    }
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the last hits come back
    const r = view.readout(performance.now());
    assert.ok(r.shotsSeenHit >= 5 && r.shotsSeenHit <= r.shotsFired - 5, `a mix of hits and misses on screen: ${r.shotsSeenHit} of ${r.shotsFired}`);
    assert.ok(r.shotsSeenAndRegistered >= r.shotsSeenHit - 1, `shots that touched on screen registered: ${r.shotsSeenAndRegistered} of ${r.shotsSeenHit}`);
    assert.ok(r.shotsRegisteredUnseen <= 1, `hits the shooter did not see: ${r.shotsRegisteredUnseen}`);
  });
});
