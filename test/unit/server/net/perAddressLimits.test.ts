import assert from "node:assert/strict";
import { ConnectionCounter, JoinRateLimiter } from "../../../../server/net/perAddressLimits.ts";

describe("per-address limits", () => {
  it("ConnectionCounter allows N open connections per address and frees a slot on close", () => {
    const counter = new ConnectionCounter(2);
    assert.deepEqual([counter.tryOpen("a"), counter.tryOpen("a"), counter.tryOpen("a")], [true, true, false]);
    assert.equal(counter.tryOpen("b"), true, "addresses are counted separately");
    counter.close("a");
    assert.equal(counter.tryOpen("a"), true);
    counter.close("a"); counter.close("a"); counter.close("b");
    assert.equal(counter.trackedAddresses, 0, "closed addresses are forgotten");
  });

  it("ConnectionCounter: 0 means no limit, and the number of addresses tracked is capped", () => {
    const unlimited = new ConnectionCounter(0);
    for (let i = 0; i < 1000; i++) assert.equal(unlimited.tryOpen("a"), true);
    assert.equal(unlimited.trackedAddresses, 0);
    const capped = new ConnectionCounter(5, 3);
    assert.deepEqual(["a", "b", "c", "d"].map((a) => capped.tryOpen(a)), [true, true, true, false]);
    assert.equal(capped.tryOpen("a"), true, "known addresses still count");
  });

  it("JoinRateLimiter allows N joins a minute per address, refilling evenly, with a retry hint", () => {
    const joins = new JoinRateLimiter(6); // one every 10 s once spent
    for (let i = 0; i < 6; i++) assert.deepEqual(joins.tryJoin("a", 0), { ok: true });
    assert.deepEqual(joins.tryJoin("a", 0), { ok: false, retryAfterSeconds: 10 });
    assert.deepEqual(joins.tryJoin("b", 0), { ok: true });
    assert.deepEqual(joins.tryJoin("a", 9_000), { ok: false, retryAfterSeconds: 1 });
    assert.deepEqual(joins.tryJoin("a", 10_000), { ok: true });
  });

  it("JoinRateLimiter forgets quiet addresses and refuses new ones only when the table is full", () => {
    const joins = new JoinRateLimiter(2, 2);
    joins.tryJoin("a", 0);
    joins.tryJoin("b", 0);
    assert.equal(joins.tryJoin("c", 1000).ok, false, "table full of recently active addresses");
    assert.equal(joins.tryJoin("c", 61_000).ok, true, "a and b refilled and were forgotten");
    assert.equal(joins.trackedAddresses, 1);
    assert.deepEqual(new JoinRateLimiter(0).tryJoin("a", 0), { ok: true }, "0 means no limit");
  });
});
