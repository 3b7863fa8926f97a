import assert from "node:assert/strict";
import { RoomBudget } from "../../../../server/net/RoomBudget.ts";
import { describeFault, FAULT_LOG_EVERY, FAULTS_LOGGED_IN_FULL, MAX_CONSECUTIVE_TICK_FAILURES, RoomFaults } from "../../../../server/net/RoomFaults.ts";
import { findSlowConsumers } from "../../../../server/net/sendBacklog.ts";

describe("RoomBudget", () => {
  it("hands out at most maxRooms slots and takes them back", () => {
    const budget = new RoomBudget(2);
    assert.deepEqual([budget.tryTake(), budget.tryTake(), budget.tryTake()], [true, true, false]);
    budget.release();
    assert.equal(budget.open, 1);
    assert.equal(budget.tryTake(), true);
  });
});

describe("RoomFaults", () => {
  it("keeps a room whose tick fails now and then", () => {
    const faults = new RoomFaults();
    for (let i = 0; i < 10 * MAX_CONSECUTIVE_TICK_FAILURES; i++) {
      assert.equal(faults.record("tick").closeRoom, false);
      faults.tickSucceeded();
    }
  });

  it("closes a room once, after its tick has failed MAX_CONSECUTIVE_TICK_FAILURES times in a row", () => {
    const faults = new RoomFaults();
    const decisions = Array.from({ length: MAX_CONSECUTIVE_TICK_FAILURES + 5 }, () => faults.record("tick").closeRoom);
    assert.equal(decisions.indexOf(true), MAX_CONSECUTIVE_TICK_FAILURES - 1);
    assert.equal(decisions.filter(Boolean).length, 1);
  });

  it("never closes a room for handler errors, and logs the first few in full, then a summary now and then", () => {
    const faults = new RoomFaults();
    const logs = Array.from({ length: 2 * FAULT_LOG_EVERY }, () => faults.record("handler"));
    assert.ok(logs.every((d) => !d.closeRoom));
    assert.equal(logs.filter((d) => d.log === "full").length, FAULTS_LOGGED_IN_FULL);
    assert.equal(logs.filter((d) => d.log === "summary").length, 2);
    assert.match(describeFault({ roomType: "arena", room: "r1", where: "onMessage", tick: 7, client: "s1", total: 3 }),
      /^\[arena r1\] error in onMessage, tick 7, client s1, fault #3$/);
  });
});

describe("findSlowConsumers", () => {
  it("picks the open clients with more queued bytes than the limit", () => {
    const clients = [
      { id: "a", queue: { bufferedAmount: 10, readyState: 1 } },
      { id: "b", queue: { bufferedAmount: 5000, readyState: 1 } },
      { id: "c", queue: { bufferedAmount: 4096, readyState: 1 } },
      { id: "d", queue: { bufferedAmount: 9000, readyState: 2 } }, // already closing
      { id: "e", queue: undefined },
    ];
    assert.deepEqual(findSlowConsumers(clients, (c) => c.queue, 4096).map((c) => c.id), ["b"]);
  });
});
