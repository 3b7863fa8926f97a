import assert from "node:assert/strict";
import {
  checkDelayProfile, DelayedQueue, DelayLine, symmetricProfile, type DelayProfile,
} from "../../../shared/delayLine.ts";
import { createRng } from "../../../shared/sim/random.ts";
import { manualClock } from "../../helpers/manualClock.ts";

const line = (profile: DelayProfile, seed = 1) => new DelayLine(profile, createRng(seed).next);

describe("delay line", () => {
  it("a zero profile delivers at once", () => {
    const zero = line({ meanMs: 0, jitterMs: 0 });
    for (const now of [0, 5, 5, 17.5]) assert.equal(zero.dueAt(now), now);
  });

  it("never reorders, even when the jitter is far larger than the gap between sends", () => {
    const jittery = line({ meanMs: 50, jitterMs: 45 }, 7);
    let previous = -Infinity;
    let heldBack = 0;
    for (let now = 0; now < 2000; now += 1) {
      const due = jittery.dueAt(now);
      assert.ok(due >= previous, `item sent at ${now} due at ${due}, before the previous one (${previous})`);
      assert.ok(due >= now + 5 && due <= now + 95 + 45, `due ${due} for a send at ${now}`);
      if (due === previous) heldBack++;
      previous = due;
    }
    assert.ok(heldBack > 0, "the test never exercised an item held back behind a slower one");
  });

  it("delays by the mean on average and stays within the jitter when sends are spaced out", () => {
    const profile = { meanMs: 75, jitterMs: 30 };
    const spaced = line(profile, 42);
    const delays: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const now = i * 1000; // far apart: no item waits for the one before
      delays.push(spaced.dueAt(now) - now);
    }
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    assert.ok(Math.abs(mean - 75) < 1.5, `mean delay ${mean}`);
    assert.ok(Math.min(...delays) >= 45 && Math.max(...delays) <= 105, `delays span ${Math.min(...delays)}..${Math.max(...delays)}`);
    assert.ok(Math.min(...delays) < 47 && Math.max(...delays) > 103, "the jitter does not reach its bounds");
  });

  it("clamps at zero when the jitter is larger than the mean", () => {
    const wide = line({ meanMs: 10, jitterMs: 40 }, 3);
    for (let i = 0; i < 500; i++) {
      const now = i * 1000;
      const delay = wide.dueAt(now) - now;
      assert.ok(delay >= 0 && delay <= 50, `delay ${delay}`);
    }
  });

  it("is deterministic for a seed", () => {
    const run = () => { const l = line({ meanMs: 20, jitterMs: 10 }, 99); return [0, 3, 9, 40].map((t) => l.dueAt(t)); };
    assert.deepEqual(run(), run());
  });

  it("a new profile applies to later sends without reordering earlier ones", () => {
    const changing = line({ meanMs: 100, jitterMs: 0 });
    assert.equal(changing.dueAt(0), 100);
    changing.setProfile({ meanMs: 10, jitterMs: 0 });
    assert.equal(changing.dueAt(1), 100, "waits for the earlier, slower item");
    assert.equal(changing.dueAt(500), 510);
  });

  it("rejects profiles that are negative or not finite", () => {
    for (const bad of [{ meanMs: -1, jitterMs: 0 }, { meanMs: NaN, jitterMs: 0 }, { meanMs: 10, jitterMs: Infinity }, { meanMs: 10, jitterMs: -0.5 }]) {
      assert.throws(() => checkDelayProfile(bad), RangeError);
      assert.throws(() => line(bad), RangeError);
    }
    assert.throws(() => symmetricProfile(-10, 0), RangeError);
  });

  it("a symmetric profile splits the round trip between the two directions", () => {
    assert.deepEqual(symmetricProfile(150, 30), { up: { meanMs: 75, jitterMs: 30 }, down: { meanMs: 75, jitterMs: 30 } });
  });
});

describe("delayed queue", () => {
  it("delivers in order at the due times with one timer at a time", () => {
    const { clock, advanceTo, pendingTimers } = manualClock();
    const delivered: [string, number][] = [];
    const queue = new DelayedQueue(line({ meanMs: 40, jitterMs: 30 }, 5), (item: string) => delivered.push([item, clock.now()]), clock);
    const dues: number[] = [];
    for (let i = 0; i < 20; i++) {
      advanceTo(i * 2);
      queue.push(`m${i}`);
      assert.ok(pendingTimers() <= 1, "more than one timer for one queue");
      dues.push(i);
    }
    assert.ok(delivered.length < 20);
    advanceTo(1000);
    assert.deepEqual(delivered.map(([item]) => item), dues.map((i) => `m${i}`));
    for (let i = 1; i < delivered.length; i++) assert.ok(delivered[i]![1] >= delivered[i - 1]![1]);
    assert.equal(queue.length, 0);
    assert.equal(pendingTimers(), 0);
  });

  it("never delivers before the due time", () => {
    const { clock, advanceTo } = manualClock();
    const delivered: number[] = [];
    const queue = new DelayedQueue(line({ meanMs: 25.4, jitterMs: 0 }), () => delivered.push(clock.now()), clock);
    queue.push(1);
    advanceTo(25);
    assert.deepEqual(delivered, []);
    advanceTo(30);
    assert.equal(delivered.length, 1);
    assert.ok(delivered[0]! >= 25.4);
  });

  it("keeps flowing after a delivery throws, and stop() drops the rest", () => {
    const { clock, advanceTo, pendingTimers } = manualClock();
    const delivered: number[] = [];
    const queue = new DelayedQueue(line({ meanMs: 10, jitterMs: 0 }), (n: number) => {
      delivered.push(n);
      if (n === 1) throw new Error("listener failed");
    }, clock);
    queue.push(1);
    advanceTo(5);
    queue.push(2);
    assert.throws(() => advanceTo(10), /listener failed/);
    advanceTo(20);
    assert.deepEqual(delivered, [1, 2]);
    queue.push(3);
    queue.stop();
    queue.push(4);
    advanceTo(100);
    assert.deepEqual(delivered, [1, 2]);
    assert.equal(pendingTimers(), 0);
  });
});
