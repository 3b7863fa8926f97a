import assert from "node:assert/strict";
import { InterpolationTimeline } from "../../../client/src/net/InterpolationTimeline.ts";
import { INTERP_MAX_DELAY_MS, PATCH_HZ, STEP_MS } from "../../../shared/constants.ts";
import { createRng } from "../../../shared/sim/random.ts";
import { isPatchTick as isServerPatchTick } from "../../../shared/protocol.ts";

const FRAME_MS = 1000 / 60;
/** A 20 Hz patch rate over 30 Hz ticks: a snapshot after two ticks of every three (ticks 2, 3, 5, 6, ...). */
/** 20 Hz patches over the 30 Hz tick, as the server sends them. */
const isPatchTick = (tick: number) => isServerPatchTick(tick, PATCH_HZ);
/** Delay behind the newest snapshot on a perfectly steady link: the largest gap (2 ticks) plus one 120 Hz frame. */
const STEADY_DELAY_MS = 2 * STEP_MS + 8;

interface Frame {
  now: number;
  serverTick: number;
  renderTick: number;
  /** Snapshot ticks that had arrived by this frame, newest last (the last three). */
  newest: number;
  second: number;
  third: number;
  delayMs: number;
  jitterMs: number;
}

/**
 * Server and client clocks agree (server tick = local ms / STEP_MS). The server sends a snapshot
 * after each patch tick; the one of tick k arrives `oneWayMs(k)` later, in order (TCP). The
 * client draws at 60 Hz and asks the timeline for the render tick every frame.
 */
function simulate(timeline: InterpolationTimeline, durationMs: number, oneWayMs: (tick: number) => number): Frame[] {
  const frames: Frame[] = [];
  const arrived: number[] = [];
  const inFlight: { tick: number; at: number }[] = [];
  let nextTick = 1, lastArrival = 0;
  for (let now = 0; now <= durationMs; now += FRAME_MS) {
    for (; nextTick * STEP_MS <= now; nextTick++) {
      if (isPatchTick(nextTick)) inFlight.push({ tick: nextTick, at: lastArrival = Math.max(lastArrival, nextTick * STEP_MS + oneWayMs(nextTick)) });
    }
    while (inFlight.length && inFlight[0].at <= now) {
      const { tick, at } = inFlight.shift()!;
      timeline.onSnapshot(tick, at / STEP_MS);
      arrived.push(tick);
    }
    const renderTick = timeline.renderTick(now / STEP_MS, now);
    frames.push({
      now, serverTick: now / STEP_MS, renderTick,
      newest: arrived.at(-1) ?? -1, second: arrived.at(-2) ?? -1, third: arrived.at(-3) ?? -1,
      delayMs: timeline.delayMs, jitterMs: timeline.jitterMs,
    });
  }
  return frames;
}

const between = (frames: Frame[], fromMs: number, toMs: number) => frames.filter((f) => f.now >= fromMs && f.now < toMs);
const underruns = (frames: Frame[]) => frames.filter((f) => f.renderTick > f.newest).length;
/** How fast the drawn timeline ran against real time from each frame to the next. */
const rates = (frames: Frame[]) => frames.slice(1).map((f, i) => (f.renderTick - frames[i].renderTick) / (f.serverTick - frames[i].serverTick));

describe("InterpolationTimeline", () => {
  it("on a steady link always has a snapshot on both sides of the render tick, at most two snapshots behind the newest", () => {
    const timeline = new InterpolationTimeline();
    const frames = between(simulate(timeline, 20_000, () => 40), 1000, Infinity);
    for (const f of frames) {
      assert.ok(f.renderTick < f.newest, `no underrun at ${f.now.toFixed(0)} ms: drawing ${f.renderTick.toFixed(2)}, newest ${f.newest}`);
      assert.ok(f.renderTick >= f.third, `not needlessly late at ${f.now.toFixed(0)} ms: drawing ${f.renderTick.toFixed(2)}, third newest ${f.third}`);
    }
    assert.ok(Math.abs(timeline.delayMs - STEADY_DELAY_MS) < 1e-9, `delay ${timeline.delayMs} ms`);
    assert.ok(timeline.jitterMs < 1e-6, "no jitter measured");
    for (const rate of rates(frames)) assert.ok(Math.abs(rate - 1) < 1e-9, "the drawn timeline runs at real time");
  });

  it("follows the link's latency: the render tick trails the server clock by the latency plus the steady delay", () => {
    for (const latencyMs of [5, 40, 120, 300]) {
      const timeline = new InterpolationTimeline();
      const frames = simulate(timeline, 5000, () => latencyMs);
      const last = frames.at(-1)!;
      assert.ok(Math.abs((last.serverTick - last.renderTick) * STEP_MS - (latencyMs + STEADY_DELAY_MS)) < 1e-6, `${latencyMs} ms link`);
      assert.equal(underruns(between(frames, 1000, Infinity)), 0);
    }
  });

  it("grows its delay to cover jitter, keeps it within INTERP_MAX_DELAY_MS, and shrinks it back at no more than 10 % of real time once the jitter stops", () => {
    const rng = createRng(21);
    const jitterMs = 50;
    const timeline = new InterpolationTimeline();
    // steady for 5 s, jittery until 20 s, steady again after
    const frames = simulate(timeline, 35_000, (tick) => (tick * STEP_MS >= 5000 && tick * STEP_MS < 20_000 ? 40 + rng.next() * jitterMs : 40));

    const jittery = between(frames, 9000, 20_000);
    const delays = jittery.map((f) => f.delayMs);
    assert.ok(Math.min(...delays) > STEADY_DELAY_MS + jitterMs * 0.6, `the delay grew to cover the jitter (${Math.min(...delays).toFixed(1)} ms at least)`);
    assert.ok(Math.max(...delays) <= INTERP_MAX_DELAY_MS, `and stayed within the cap (${Math.max(...delays).toFixed(1)} ms at most)`);
    assert.ok(underruns(jittery) <= jittery.length * 0.01, `almost never ran out of snapshots (${underruns(jittery)} of ${jittery.length} frames)`);
    assert.ok(jittery.at(-1)!.jitterMs > jitterMs * 0.8 && jittery.at(-1)!.jitterMs <= jitterMs, `jitter measured as ${jittery.at(-1)!.jitterMs.toFixed(1)} ms`);

    const calm = between(frames, 27_000, Infinity);
    for (const f of calm) assert.ok(Math.abs(f.delayMs - STEADY_DELAY_MS) < 1e-6, `back to the steady delay at ${f.now.toFixed(0)} ms (${f.delayMs.toFixed(1)})`);
    assert.ok(calm.at(-1)!.jitterMs < 1e-6, "no jitter left");

    const all = rates(between(frames, 1000, Infinity));
    for (const rate of all) assert.ok(rate >= 0.9 - 1e-9 && rate <= 1.1 + 1e-9, `drawn time ran at ${rate} of real time`);
    assert.ok(all.filter((r) => r > 1.1 - 1e-9).length > 10, "shrinking the delay ran the drawn timeline fast, at the limit");
    assert.ok(all.filter((r) => r < 0.9 + 1e-9).length > 10, "growing it ran it slow, at the limit");
  });

  it("stops growing at INTERP_MAX_DELAY_MS behind the newest snapshot when the jitter is larger than that", () => {
    const rng = createRng(5);
    const timeline = new InterpolationTimeline();
    const frames = between(simulate(timeline, 20_000, () => 40 + rng.next() * 400), 3000, Infinity);
    const sorted = frames.map((f) => f.delayMs).sort((a, b) => a - b);
    assert.ok(Math.abs(sorted[sorted.length >> 1] - INTERP_MAX_DELAY_MS) < 1e-6, `median delay ${sorted[sorted.length >> 1]} ms`);
    const over = frames.filter((f) => f.delayMs > INTERP_MAX_DELAY_MS + 1e-6).length;
    assert.ok(over < frames.length * 0.2, `${over} of ${frames.length} frames over the cap`);
    // Over the cap only just after a snapshot came faster than any before it, and then
    // brought back as fast as the drawn timeline may change pace.
    const r = rates(frames);
    for (let i = 1; i < frames.length; i++) {
      if (frames[i - 1].delayMs > INTERP_MAX_DELAY_MS + 1e-6 && frames[i].delayMs > INTERP_MAX_DELAY_MS + 1e-6) {
        assert.ok(r[i - 1] > 1.1 - 1e-9, `catching up at ${frames[i].now.toFixed(0)} ms (rate ${r[i - 1]})`);
      }
    }
  });

  it("ignores a duplicate or out-of-order snapshot", () => {
    const plain = new InterpolationTimeline();
    const noisy = new InterpolationTimeline();
    const rng = createRng(8);
    let tick = 0;
    for (let now = 0; now < 5000; now += FRAME_MS) {
      if (rng.next() < 0.6) {
        tick += rng.int(1, 2);
        const arrival = tick + 1.2 + rng.next() * 1.5;
        plain.onSnapshot(tick, arrival);
        noisy.onSnapshot(tick, arrival);
        noisy.onSnapshot(tick, arrival + 10); // the same snapshot again, much later
        noisy.onSnapshot(tick - 1, arrival + 40); // an older one, out of order
      }
      assert.equal(noisy.renderTick(now / STEP_MS, now), plain.renderTick(now / STEP_MS, now));
      assert.equal(noisy.newestTick, plain.newestTick);
      assert.equal(noisy.jitterMs, plain.jitterMs);
    }
  });

  it("after reset() takes a new room's ticks, or a jumped clock, at once", () => {
    const timeline = new InterpolationTimeline();
    simulate(timeline, 5000, () => 40);
    assert.ok(timeline.newestTick > 100);

    timeline.reset();
    assert.equal(timeline.newestTick, -1);
    // a new room counts from 0 again, and this client's clock now reads 2 s ahead of it
    timeline.onSnapshot(3, 3 + 60 + 1.5);
    assert.equal(timeline.newestTick, 3, "a tick lower than any seen before is taken");
    const render = timeline.renderTick(3 + 60 + 1.5, 6000);
    assert.ok(Math.abs((3 + 60 + 1.5 - render) - (60 + 1.5 + 1 + 8 / STEP_MS)) < 1e-9, `drawn right behind the new snapshot (${render})`);
    assert.equal(timeline.jitterMs, 0, "nothing measured before the reset is left");
  });
});
