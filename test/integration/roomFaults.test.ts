// An exception inside one room (its tick or a handler) is caught, counted and logged with
// context; the room recovers, or closes cleanly when its tick keeps failing; other rooms
// never notice. Faults are injected by replacing a method on one room's game instance.
import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { CloseCode, ROOM_NAME } from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";
import { MAX_CONSECUTIVE_TICK_FAILURES, FAULTS_LOGGED_IN_FULL } from "../../server/net/RoomFaults.ts";
import type { ArenaRoom } from "../../server/rooms/ArenaRoom.ts";
import { captureLog, type LogRecord } from "../helpers/captureLog.ts";
import { readMetric, startTestServer, waitForState, type ArenaClientRoom, type TestServer } from "../helpers/server.ts";

/** Silences what Colyseus and the SDK print on the console about refused joins (our log is captured). */
function quietWarnings() {
  const { warn, error } = console;
  console.warn = console.error = () => {};
  return () => { Object.assign(console, { warn, error }); };
}

/** The room-fault records of the log, with their error's message. */
const faultsLogged = (records: LogRecord[]) => records.filter((r) => r.event === "room_fault").map((r): LogRecord & { message: string } => ({
  ...r, message: typeof r.err === "string" ? r.err : String((r.err as { message?: string } | undefined)?.message),
}));

const ticksAdvance = (room: ArenaClientRoom, by: number, what: string) => {
  const from = room.state.tick;
  return waitForState(room, (s) => s.tick >= from + by, 3000, what);
};

describe("an exception inside one room", function () {
  this.timeout(20_000);
  let t: TestServer;
  let records: LogRecord[];
  let restoreWarnings: () => void;
  let a1: ArenaClientRoom, a2: ArenaClientRoom, b1: ArenaClientRoom;
  let roomA: ArenaRoom;
  /** Metrics are read as deltas from the start of each test. */
  let before: { errors: number; closed: number };
  const roomErrors = async () => (await readMetric(t, "skirmish_room_errors_total")) - before.errors;

  beforeEach(async () => {
    const captured = captureLog();
    records = captured.records;
    t = await startTestServer({}, { log: captured.log });
    const c = t.client();
    a1 = await c.create(ROOM_NAME, { name: "a1", private: true }, ArenaState);
    a2 = await c.joinById(a1.roomId, { name: "a2" }, ArenaState);
    b1 = await c.create(ROOM_NAME, { name: "b1", private: true }, ArenaState);
    for (const r of [a1, a2, b1]) r.onMessage("*", () => {});
    await waitForState(a1, (s) => s.players.size === 2);
    roomA = matchMaker.getLocalRoomById(a1.roomId) as ArenaRoom;
    before = { errors: await readMetric(t, "skirmish_room_errors_total"), closed: await readMetric(t, "skirmish_rooms_closed_on_error_total") };
    restoreWarnings = quietWarnings();
  });
  afterEach(async () => {
    restoreWarnings();
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
    const [fault, ...more] = faultsLogged(records);
    assert.equal(more.length, 0);
    assert.equal(fault.room, a1.roomId);
    assert.equal(fault.where, "setFixedTimestep");
    assert.equal(typeof fault.tick, "number");
    assert.equal(fault.faults, 1);
    assert.match(fault.message, /injected tick fault/);
    assert.match(String(fault.msg), new RegExp(`^\\[arena ${a1.roomId}\\] error in setFixedTimestep, tick \\d+, phase \\d, fault #1$`));
    assert.ok(a1.connection.isOpen && a2.connection.isOpen);
  });

  it("a tick that keeps throwing closes that room with 4500 after a second, quietly; the other room plays on", async () => {
    const closedA = Promise.all([a1, a2].map((r) => new Promise<number>((resolve) => r.onLeave(resolve))));
    roomA.game.step = () => { throw new Error("corrupt world"); };
    assert.deepEqual(await closedA, [CloseCode.ROOM_ERROR, CloseCode.ROOM_ERROR]);
    assert.equal(await readMetric(t, "skirmish_rooms_closed_on_error_total"), before.closed + 1);
    assert.ok(await roomErrors() >= MAX_CONSECUTIVE_TICK_FAILURES);
    const logged = faultsLogged(records).length;
    assert.ok(logged <= FAULTS_LOGGED_IN_FULL + 2, `${logged} log lines: the log is not flooded`);
    assert.ok(records.some((r) => r.event === "room_closed_on_error" && r.room === a1.roomId));
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
    const [fault] = faultsLogged(records);
    assert.equal(fault.where, "onJoin");
    assert.equal(typeof fault.session, "string");
    assert.match(fault.message, /injected join fault/);
    await ticksAdvance(a1, 10, "room A ticking");
    assert.ok(a1.connection.isOpen && a2.connection.isOpen);
    assert.equal(a1.state.players.size, 2);
  });

  it("a failed metadata write (the room directory unreachable) is a counted fault, and the room plays on", async () => {
    roomA.setMetadata = () => Promise.reject(new Error("injected directory outage"));
    const phase = a1.state.phase;
    await waitForState(a1, (s) => s.phase !== phase, 15_000, "the next match phase");
    await ticksAdvance(a1, 10, "room A ticking");
    const fault = faultsLogged(records).find((r) => /injected directory outage/.test(r.message));
    assert.ok(fault, "the rejection was caught and logged as a room fault");
    assert.ok(await roomErrors() >= 1);
    assert.ok(a1.connection.isOpen && a2.connection.isOpen);
  });
});
