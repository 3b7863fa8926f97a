import assert from "node:assert/strict";
import { Protocol } from "@colyseus/core";
import { CloseCode, MAX_PROTOCOL_VIOLATIONS, MessageType } from "../../../../shared/protocol.ts";
import { ClientGuard } from "../../../../server/net/ClientGuard.ts";

const LIMITS = { ratePerSecond: 80, burst: 80, floodDrops: 100, maxViolations: MAX_PROTOCOL_VIOLATIONS };
const PING = Uint8Array.of(Protocol.PING);
const GARBAGE = Uint8Array.of(0xff, 1, 2);

describe("ClientGuard", () => {
  it("passes good frames with their kind, rejects bad ones with a reason", () => {
    const guard = new ClientGuard(LIMITS);
    assert.deepEqual(guard.inspect("a", PING, "joined", 0), { action: "pass", frame: { kind: "ping" } });
    assert.deepEqual(guard.inspect("a", GARBAGE, "joined", 0), { action: "reject", error: "unexpected_modifier" });
    assert.deepEqual(guard.inspect("a", Uint8Array.of(Protocol.ROOM_DATA, MessageType.ECHO, 0xc0), "awaiting_join_ack", 0),
      { action: "reject", error: "wrong_phase" });
    assert.equal(guard.violations("a"), 2);
  });

  it("closes a client with 4400 after too many violations, bad payloads included, then ignores it", () => {
    const guard = new ClientGuard(LIMITS);
    for (let i = 0; i < MAX_PROTOCOL_VIOLATIONS - 1; i++) assert.equal(guard.inspect("a", GARBAGE, "joined", i).action, "reject");
    assert.equal(guard.reportInvalidPayload("a", 100).action, "reject");
    const verdict = guard.inspect("a", GARBAGE, "joined", 101);
    assert.deepEqual(verdict, { action: "close", code: CloseCode.PROTOCOL_VIOLATION, reason: "too many invalid messages", abuse: "protocol" });
    assert.equal(guard.wasClosedForAbuse("a"), true);
    assert.deepEqual(guard.inspect("a", PING, "joined", 102), { action: "ignore" });
    assert.equal(guard.wasClosedForAbuse("b"), false, "clients are judged separately");
  });

  it("drops messages over the budget and closes a flooder with 4429", () => {
    const guard = new ClientGuard(LIMITS);
    const verdicts = Array.from({ length: 500 }, () => guard.inspect("a", PING, "joined", 0).action);
    assert.equal(verdicts.filter((v) => v === "pass").length, LIMITS.burst);
    assert.equal(verdicts.filter((v) => v === "drop").length, LIMITS.floodDrops);
    assert.equal(verdicts[LIMITS.burst + LIMITS.floodDrops], "close");
    assert.ok(verdicts.slice(LIMITS.burst + LIMITS.floodDrops + 1).every((v) => v === "ignore"));
    assert.equal(guard.wasClosedForAbuse("a"), true);
  });

  it("keeps a session's record across reconnections until it is forgotten", () => {
    const guard = new ClientGuard(LIMITS);
    guard.inspect("a", GARBAGE, "joined", 0);
    assert.equal(guard.violations("a"), 1);
    guard.forget("a");
    assert.equal(guard.violations("a"), 0);
  });
});
