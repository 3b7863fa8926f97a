import assert from "node:assert/strict";
import { MAX_INPUT_CREDIT, PLAYOUT_DRIFT_ALLOWANCE_TICKS, PLAYOUT_MAX_RESERVE, PLAYOUT_MIN_RESERVE, PLAYOUT_SHRINK_AFTER_TICKS } from "../../../shared/constants.ts";
import { createRng } from "../../../shared/sim/random.ts";
import { InputPlayout, newPlayoutCounters } from "../../../server/game/inputPlayout.ts";


/**
 * Plays `ticks` server ticks against a client whose input n arrives at time `arrivals(n)`
 * (in ticks; tick k takes what has arrived by time k). Returns what was taken each tick.
 */
function play(playout: InputPlayout, arrivals: (n: number) => number, ticks: number): number[] {
  let arrived = 0, taken = 0;
  const takes: number[] = [];
  for (let k = 1; k <= ticks; k++) {
    while (arrivals(arrived) <= k) arrived++;
    const n = playout.take(arrived - taken);
    assert.ok(n <= arrived - taken, "never takes what has not arrived");
    taken += n;
    takes.push(n);
  }
  return takes;
}

/** Inputs sent once per tick, each arriving up to `jitter` ticks late (order kept, as over TCP). */
function jitteredArrivals(jitter: number, seed: number): (n: number) => number {
  const rng = createRng(seed);
  const times: number[] = [];
  return (n) => {
    while (times.length <= n) {
      const i = times.length;
      times.push(Math.max(times[i - 1] ?? 0, i + 0.5 + rng.next() * jitter));
    }
    return times[n];
  };
}

const countNot1 = (takes: number[]) => takes.filter((n) => n !== 1).length;

describe("InputPlayout", () => {
  it("on a steady link takes exactly one input per tick once its reserve is there", () => {
    const takes = play(new InputPlayout(newPlayoutCounters()), (n) => n + 0.5, 300);
    const start = takes.indexOf(1);
    assert.ok(start <= PLAYOUT_MIN_RESERVE + 1, "starts after filling its reserve");
    assert.equal(countNot1(takes.slice(start)), 0);
  });

  it("turns jittered arrivals into one step per tick, where taking what has arrived would not", () => {
    const arrivals = jitteredArrivals(0.9, 7); // ±15 ms of jitter is 0.45 tick each way at 30 Hz
    const counters = newPlayoutCounters();
    const playout = new InputPlayout(counters);
    const takes = play(playout, arrivals, 3000).slice(300);
    let arrived = 0, taken = 0;
    const naive: number[] = [];
    for (let k = 1; k <= 3000; k++) {
      while (arrivals(arrived) <= k) arrived++;
      naive.push(arrived - taken);
      taken = arrived;
    }
    const naiveUneven = countNot1(naive.slice(300)) / 2700;
    const uneven = countNot1(takes) / takes.length;
    assert.ok(naiveUneven > 0.2, `taking what has arrived is uneven (${naiveUneven})`);
    assert.ok(uneven < 0.01, `the playout buffer evens it out (${uneven} of ticks not one step)`);
    assert.ok(playout.reserve <= PLAYOUT_MAX_RESERVE);
    const waitTicks = counters.waitTicks / counters.taken;
    assert.ok(waitTicks >= PLAYOUT_MIN_RESERVE - 0.5 && waitTicks <= PLAYOUT_MAX_RESERVE + 0.5, `the latency it costs is reported: ${waitTicks} ticks`);
  });

  it("grows its reserve when the buffer runs dry, and shrinks it again on a good link", () => {
    const playout = new InputPlayout(newPlayoutCounters());
    const rough = jitteredArrivals(1.6, 3);
    const steadyFrom = rough(700);
    const arrivals = (n: number) => (n < 700 ? rough(n) : steadyFrom + (n - 700));
    let arrived = 0, taken = 0, largest = 0;
    for (let k = 1; k <= 700 + PLAYOUT_SHRINK_AFTER_TICKS * 4; k++) {
      while (arrivals(arrived) <= k) arrived++;
      taken += playout.take(arrived - taken);
      if (k <= 700) largest = Math.max(largest, playout.reserve);
    }
    assert.equal(largest, PLAYOUT_MAX_RESERVE, "grew on the rough link");
    assert.equal(playout.reserve, PLAYOUT_MIN_RESERVE, "shrank on the steady one");
  });

  it("drains a burst after a stall in double steps, paid for by the ticks it stood still", () => {
    const counters = newPlayoutCounters();
    const playout = new InputPlayout(counters);
    // Steady, then 10 ticks of nothing, then everything at once (a stalled connection).
    const takes = play(playout, (n) => (n < 100 ? n + 0.5 : n < 110 ? 110.2 : n + 0.5), 200);
    const credit = MAX_INPUT_CREDIT + 200 / PLAYOUT_DRIFT_ALLOWANCE_TICKS;
    assert.ok(counters.doubleSteps > 0 && counters.doubleSteps <= credit, `${counters.doubleSteps} double steps`);
    assert.ok(countNot1(takes.slice(150)) <= 1, "back to one per tick (but for one step giving back the reserve the stall added)");
  });

  it("never lets a client move faster than one step per tick by sending faster", () => {
    const playout = new InputPlayout(newPlayoutCounters());
    const ticks = 3000;
    const taken = play(playout, (n) => n / 2, ticks).reduce((sum, n) => sum + n, 0); // two inputs per tick
    assert.ok(taken <= ticks + ticks / PLAYOUT_DRIFT_ALLOWANCE_TICKS + MAX_INPUT_CREDIT, `${taken} inputs in ${ticks} ticks`);
  });
});
