// An exception inside one room (its tick or a handler) is caught, counted and logged with
// context; the room recovers, or closes cleanly when its tick keeps failing; other rooms
// never notice. Faults are injected by replacing a method on one room's game instance.
import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { CloseCode, ROOM_NAME } from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";
import { MAX_CONSECUTIVE_TICK_FAILURES, FAULTS_LOGGED_IN_FULL } from "../../server/net/RoomFaults.ts";
import type { ArenaRoom } from "../../server/rooms/ArenaRoom.ts";
import { readMetric, startTestServer, waitForState, type ArenaClientRoom, type TestServer } from "../helpers/server.ts";

/** Collects console.error lines instead of printing them (and silences the SDK's warnings about refused joins). */
function captureErrors() {
  const lines: string[] = [];
  const { error, warn } = console;
  console.error = (...args: unknown[]) => { lines.push(args.map(String).join(" ")); };
  console.warn = () => {};
  return { lines, restore: () => { Object.assign(console, { error, warn }); } };
}

const ticksAdvance = (room: ArenaClientRoom, by: number, what: string) => {
  const from = room.state.tick;
  return waitForState(room, (s) => s.tick >= from + by, 3000, what);
};

describe("an exception inside one room", function () {
  this.timeout(20_000);
  let t: TestServer;
  let errors: ReturnType<typeof captureErrors>;
  let a1: ArenaClientRoom, a2: ArenaClientRoom, b1: ArenaClientRoom;
  let roomA: ArenaRoom;
  /** Metrics are per process and other tests run in it too: each test reads its own deltas. */
  let before: { errors: number; closed: number };
  const roomErrors = async () => (await readMetric(t, "skirmish_room_errors_total")) - before.errors;

  beforeEach(async () => {
    t = await startTestServer();
    const c = t.client();
    a1 = await c.create(ROOM_NAME, { name: "a1", private: true }, ArenaState);
    a2 = await c.joinById(a1.roomId, { name: "a2" }, ArenaState);
    b1 = await c.create(ROOM_NAME, { name: "b1", private: true }, ArenaState);
    for (const r of [a1, a2, b1]) r.onMessage("*", () => {});
    await waitForState(a1, (s) => s.players.size === 2);
    roomA = matchMaker.getLocalRoomById(a1.roomId) as ArenaRoom;
    before = { errors: await readMetric(t, "skirmish_room_errors_total"), closed: await readMetric(t, "skirmish_rooms_closed_on_error_total") };
    errors = captureErrors();
  });
  afterEach(async () => {
    errors.restore();
    await Promise.allSettled([a1, a2, b1].map((r) => r.connection.isOpen && r.leave()));
    await t.close();
  });

  it("a tick that throws once is logged with context and counted, and the room carries on", async () => {
    const step = roomA.game.step.bind(roomA.game);
    let faults = 1;
    roomA.game.step = (inputs) => {
      if (faults-- > 0) throw new Error("injected tick fault");
      return step(inputs);
    };
    await ticksAdvance(a1, 10, "room A ticking again");
    await ticksAdvance(b1, 10, "room B ticking");
    assert.equal(await roomErrors(), 1);
    assert.equal(errors.lines.length, 1);
    assert.match(errors.lines[0], new RegExp(`^\\[arena ${a1.roomId}\\] error in setFixedTimestep, tick \\d+, phase \\d, fault #1: .*injected tick fault`));
    assert.ok(a1.connection.isOpen && a2.connection.isOpen);
  });

  it("a tick that keeps throwing closes that room with 4500 after a second, quietly; the other room plays on", async () => {
    const closedA = Promise.all([a1, a2].map((r) => new Promise<number>((resolve) => r.onLeave(resolve))));
    roomA.game.step = () => { throw new Error("corrupt world"); };
    assert.deepEqual(await closedA, [CloseCode.ROOM_ERROR, CloseCode.ROOM_ERROR]);
    assert.equal(await readMetric(t, "skirmish_rooms_closed_on_error_total"), before.closed + 1);
    assert.ok(await roomErrors() >= MAX_CONSECUTIVE_TICK_FAILURES);
    assert.ok(errors.lines.length <= FAULTS_LOGGED_IN_FULL + 2, `${errors.lines.length} log lines: the log is not flooded`);
    assert.equal(matchMaker.getLocalRoomById(a1.roomId), undefined, "room A is gone");

    await ticksAdvance(b1, 30, "room B still ticking");
    assert.ok(b1.connection.isOpen);
    const health = await (await fetch(`${t.httpUrl}/health`)).json() as { status: string; rooms: number };
    assert.equal(health.status, "ok");
    const again = await t.client().create(ROOM_NAME, { name: "fresh" }, ArenaState);
    assert.ok(again.roomId, "new rooms open as before");
    await again.leave();
  });

  it("a handler that throws (a join) is refused and counted; the room and its players carry on", async () => {
    roomA.game.addPlayer = () => { throw new Error("injected join fault"); };
    await assert.rejects(t.client().joinById(a1.roomId, { name: "late" }, ArenaState));
    assert.equal(await roomErrors(), 1);
    assert.match(errors.lines.join("\n"), new RegExp(`\\[arena ${a1.roomId}\\] error in onJoin, .*client \\S+, fault #1: .*injected join fault`));
    await ticksAdvance(a1, 10, "room A ticking");
    assert.ok(a1.connection.isOpen && a2.connection.isOpen);
    assert.equal(a1.state.players.size, 2);
  });
});
