// Draining on SIGTERM: /ready turns false, new joins are refused with a clear reason,
// players get a notice, a match in play runs on (to its end, or to DRAIN_SECONDS), then
// the process exits.
import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { Client } from "@colyseus/sdk";
import { CloseCode, MatchPhase, MessageType, ROOM_NAME, type ChatLine } from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";
import type { ArenaRoom } from "../../server/rooms/ArenaRoom.ts";
import { startChildServer } from "../helpers/childServer.ts";
import { startTestServer, waitForState, type ArenaClientRoom } from "../helpers/server.ts";

const leaveCode = (room: ArenaClientRoom) => new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));
const systemLine = (room: ArenaClientRoom, pattern: RegExp) => new Promise<string>((resolve) => {
  room.onMessage(MessageType.CHAT_LINE, (line: ChatLine) => { if (line.kind === "system" && pattern.test(line.text)) resolve(line.text); });
});

describe("draining", function () {
  this.timeout(40_000);

  it("SIGTERM with a match in play: not ready, joins refused, players told, the match runs to the deadline, exit 0", async () => {
    const server = await startChildServer({ DRAIN_SECONDS: "3" });
    try {
      const client = new Client(server.httpUrl);
      const a = await client.joinOrCreate(ROOM_NAME, { name: "Ann" }, ArenaState);
      const b = await client.joinById(a.roomId, { name: "Bob" }, ArenaState);
      for (const room of [a, b]) room.onMessage("*", () => {});
      await waitForState(a, (s) => s.phase === MatchPhase.PLAYING, 15_000, "the match to start");
      const notices = [a, b].map((room) => systemLine(room, /restarting/));
      const closes = [a, b].map(leaveCode);

      server.child.kill("SIGTERM");
      const notice = await notices[0];
      assert.match(notice, /at most 3 s/);
      await notices[1];
      const ready = await fetch(`${server.httpUrl}/ready`);
      assert.equal(ready.status, 503);
      assert.deepEqual(await ready.json(), { ready: false, draining: true });
      await assert.rejects(new Client(server.httpUrl).joinOrCreate(ROOM_NAME, { name: "Late" }, ArenaState), /shutting down/);
      const tick = a.state.tick;
      await waitForState(a, (s) => s.tick >= tick + 30, 3000, "the match still ticking while draining");

      assert.deepEqual(await Promise.all(closes), [CloseCode.SERVER_SHUTDOWN, CloseCode.SERVER_SHUTDOWN]);
      assert.equal(await server.exited, 0, server.output());
      assert.match(server.output(), /"event":"drain_deadline"/);
    } finally {
      server.kill();
    }
  });

  it("a match that ends while draining closes its room after the results, before the deadline", async () => {
    const t = await startTestServer();
    try {
      const a = await t.join({ name: "Ann" });
      const b = await t.client().joinById(a.roomId, { name: "Bob" }, ArenaState);
      b.onMessage("*", () => {});
      const room = matchMaker.getLocalRoomById(a.roomId) as ArenaRoom;
      /** Ends the current phase on the next tick (the match clock is the room's own). */
      const skipPhase = () => { room.state.phaseEndsTick = room.state.tick + 1; };
      skipPhase();
      await waitForState(a, (s) => s.phase === MatchPhase.COUNTDOWN, 3000, "countdown");
      skipPhase();
      await waitForState(a, (s) => s.phase === MatchPhase.PLAYING, 3000, "the match");

      const closes = [a, b].map(leaveCode);
      const drained = t.server.drain(60);
      assert.equal(t.server.ready, false);
      await systemLine(a, /restarting/);
      skipPhase();
      await waitForState(a, (s) => s.phase === MatchPhase.RESULTS, 3000, "results");
      skipPhase();
      assert.deepEqual(await Promise.all(closes), [CloseCode.SERVER_SHUTDOWN, CloseCode.SERVER_SHUTDOWN]);
      await drained;
      assert.equal(matchMaker.getLocalRoomById(a.roomId), undefined);
    } finally {
      await t.close();
    }
  });
});
