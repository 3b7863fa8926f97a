import assert from "node:assert/strict";
import { ServerClock } from "../../../client/src/net/ServerClock.ts";
import { STEP_MS } from "../../../shared/constants.ts";
import { createRng } from "../../../shared/sim/random.ts";

const FRAME_MS = 1000 / 60;

/** A server whose tick at local time t (ms) is t / STEP_MS + offsetTicks. */
class TrueServer {
  constructor(public offsetTicks: number) {}

  tickAt(localMs: number): number {
    return localMs / STEP_MS + this.offsetTicks;
  }

  /** Echoes an echo sent at `sentMs` that takes `upMs` to arrive and `downMs` to come back; returns the round trip. */
  echo(clock: ServerClock, sentMs: number, upMs: number, downMs: number): number {
    clock.addEcho(sentMs, this.tickAt(sentMs + upMs), sentMs + upMs + downMs);
    return upMs + downMs;
  }
}

/** Error of the clock's reading against the truth at `now`, in ms. */
const errorMs = (clock: ServerClock, server: TrueServer, now: number) => (clock.tickAt(now) - server.tickAt(now)) * STEP_MS;

/**
 * Reads the clock every display frame from `from` to `to` and sends an echo every
 * `everyMs`, each way taking `oneWay()` ms. Returns the frames' readings and the round trips.
 */
function run(clock: ServerClock, server: TrueServer, from: number, to: number, everyMs: number, oneWay: () => number) {
  const readings: { now: number; tick: number }[] = [];
  const inFlight: { sent: number; up: number; down: number }[] = [];
  const rtts: number[] = [];
  let nextEcho = from;
  for (let now = from; now <= to; now += FRAME_MS) {
    if (now >= nextEcho) {
      inFlight.push({ sent: now, up: oneWay(), down: oneWay() });
      nextEcho += everyMs;
    }
    for (let i = inFlight.length - 1; i >= 0; i--) {
      const e = inFlight[i];
      if (e.sent + e.up + e.down <= now) {
        rtts.push(server.echo(clock, e.sent, e.up, e.down));
        inFlight.splice(i, 1);
      }
    }
    readings.push({ now, tick: clock.tickAt(now) });
  }
  return { readings, rtts };
}

describe("ServerClock", () => {
  it("estimates the server's clock within half the best round trip, over a link with random asymmetric delays", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = createRng(seed);
      const server = new TrueServer(54_321.37);
      const clock = new ServerClock();
      const { rtts } = run(clock, server, 1000, 21_000, 250, () => 15 + rng.next() * 60);
      const best = Math.min(...rtts.slice(-8));
      const error = errorMs(clock, server, 21_000);
      assert.ok(clock.synced);
      assert.ok(Math.abs(error) <= best / 2, `seed ${seed}: ${error.toFixed(2)} ms off with a best round trip of ${best.toFixed(1)} ms`);
      assert.ok(Math.abs(clock.offsetMs - (-server.offsetTicks * STEP_MS - error)) < 1e-6, "offsetMs is local minus server time");
    }
  });

  it("is not moved by a single very slow echo", () => {
    const server = new TrueServer(1000);
    const clock = new ServerClock();
    for (let i = 0; i < 8; i++) server.echo(clock, 1000 + i * 150, 20 + (i % 3), 22);
    const before = clock.tickAt(3000) - 3000 / STEP_MS;
    // stuck behind a retransmission on the way back: a 600 ms round trip as lopsided as it can be
    server.echo(clock, 3000, 5, 595);
    assert.equal(clock.rttMs, 600, "the ping shows it");
    for (let now = 3600; now < 6000; now += FRAME_MS) {
      assert.ok(Math.abs(clock.tickAt(now) - now / STEP_MS - before) < 1e-9, `offset at ${now.toFixed(0)} ms`);
    }
    assert.equal(clock.jumps, 0);
  });

  it("slews toward a better estimate without ever running backwards, at most 5 % off real time", () => {
    const server = new TrueServer(777);
    const clock = new ServerClock();
    // congested on the way out: every sample reads the server ~195 ms ahead of the truth
    for (let i = 0; i < 8; i++) server.echo(clock, 1000 + i * 150, 400, 10);
    assert.ok(errorMs(clock, server, 2300) > 190);
    // the congestion clears: one tight, symmetric round trip
    server.echo(clock, 2300, 10, 10);
    assert.equal(clock.jumps, 0, "a correction below the jump threshold is slewed");

    let last = clock.tickAt(2320);
    let limited = 0;
    for (let now = 2320 + FRAME_MS; now <= 8000; now += FRAME_MS) {
      const tick = clock.tickAt(now);
      const rate = ((tick - last) * STEP_MS) / FRAME_MS;
      assert.ok(rate > 0, `time runs forwards at ${now.toFixed(0)} ms`);
      assert.ok(rate >= 0.95 - 1e-9 && rate <= 1.05 + 1e-9, `rate ${rate} at ${now.toFixed(0)} ms`);
      if (rate < 0.96) limited++;
      last = tick;
    }
    assert.ok(limited > 200, `the correction took its time (${limited} slowed frames)`);
    assert.ok(Math.abs(errorMs(clock, server, 8000)) <= 10, "and got there");
  });

  it("follows a server clock jump of two seconds at the next echo, both ways", () => {
    for (const jumpTicks of [60, -60]) {
      const rng = createRng(9);
      const server = new TrueServer(5000);
      const clock = new ServerClock();
      run(clock, server, 0, 5000, 200, () => 15 + rng.next() * 5);
      assert.ok(Math.abs(errorMs(clock, server, 5000)) < 5);
      const jumps = clock.jumps;

      server.offsetTicks += jumpTicks; // a hitch or a suspended server: its clock moved by 2 s
      // answered over a slower round trip than the best before the jump: that best no longer holds all the same
      server.echo(clock, 5100, 30, 30);
      assert.equal(clock.jumps, jumps + 1, "jumped rather than slewed");
      assert.ok(Math.abs(errorMs(clock, server, 5160)) <= 30, `right after the echo: ${errorMs(clock, server, 5160).toFixed(1)} ms off`);
      server.echo(clock, 5300, 35, 35);
      assert.ok(Math.abs(errorMs(clock, server, 6000)) <= 30);
      assert.equal(clock.jumps, jumps + 1);
    }
  });

  it("runs on the first snapshot's tick before any echo answers, then takes the first echo at once", () => {
    const clock = new ServerClock();
    clock.hint(900, 10_000);
    assert.equal(clock.synced, false);
    assert.equal(clock.tickAt(10_000), 900);
    assert.ok(Math.abs(clock.tickAt(10_000 + 10 * STEP_MS) - 910) < 1e-9, "and runs at the tick rate");
    clock.hint(5, 10_500);
    assert.ok(Math.abs(clock.tickAt(10_600) - (900 + 600 / STEP_MS)) < 1e-9, "a second hint changes nothing");

    const server = new TrueServer(900 - 10_000 / STEP_MS + 3); // the snapshot was 100 ms old on arrival
    server.echo(clock, 10_700, 30, 30);
    assert.equal(clock.synced, true);
    assert.equal(clock.jumps, 1, "replacing the guess counts as a jump");
    assert.ok(Math.abs(errorMs(clock, server, 10_760)) < 1e-6);
    clock.hint(0, 11_000);
    assert.ok(Math.abs(errorMs(clock, server, 11_000)) < 1e-6, "hints are ignored once synced");
  });

  it("measures jitter from the variation between round trips", () => {
    const steady = new ServerClock();
    const server = new TrueServer(0);
    for (let i = 0; i < 50; i++) server.echo(steady, i * 1000, 25, 25);
    assert.equal(steady.jitterMs, 0);
    assert.equal(steady.rttMs, 50);

    const jitterAfter = (spreadMs: number) => {
      const rng = createRng(4);
      const clock = new ServerClock();
      for (let i = 0; i < 200; i++) server.echo(clock, i * 1000, 25 + rng.next() * spreadMs, 25 + rng.next() * spreadMs);
      return clock.jitterMs;
    };
    const small = jitterAfter(10), large = jitterAfter(60);
    assert.ok(small > 1 && small < 10, `small variation: ${small.toFixed(1)} ms`);
    assert.ok(large > 3 * small, `larger variation: ${large.toFixed(1)} ms`);
  });

  it("ignores impossible echoes and starts over after reset()", () => {
    const clock = new ServerClock();
    clock.addEcho(1000, 50, 990);
    clock.addEcho(1000, Number.NaN, 1040);
    assert.equal(clock.synced, false);
    assert.equal(clock.rttMs, null);

    const server = new TrueServer(300);
    server.echo(clock, 1000, 20, 20);
    assert.equal(clock.synced, true);
    clock.reset();
    assert.equal(clock.synced, false);
    assert.equal(clock.rttMs, null);
    clock.hint(42, 2000);
    assert.equal(clock.tickAt(2000), 42, "a new room's first snapshot sets the clock again");
  });
});
