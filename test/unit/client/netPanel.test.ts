import assert from "node:assert/strict";
import { newNetCounters, RateMeter, type NetCounters, type NetReadout } from "../../../client/src/net/NetStats.ts";
import { netPanelRows } from "../../../client/src/ui/NetPanel.ts";

const readout = (over: Partial<NetReadout> = {}): NetReadout => ({
  pingMs: 48.6, jitterMs: 3.4, clockOffsetMs: 12.345, clockSynced: true,
  bytesInPerSec: 2560, bytesOutPerSec: 700, messagesInPerSec: 20.4, messagesOutPerSec: 30.6, patchesPerSec: 19.96,
  interpDelayMs: 74.67, snapshotJitterMs: 12.2, bufferMs: 40.4,
  extrapolatedShare: 0.0126, extrapolatedFrames: 37, remoteFrames: 4000,
  correctionsPerMinute: 1.26, corrections: 3, snaps: 2, lastErrorAtAckU: 0.0371, pendingInputs: 5, fps: 59.7,
  shotsFired: 40, shotsSeenHit: 12, shotsSeenAndRegistered: 11, shotsRegisteredUnseen: 1, shotsTakenBack: 0,
  ...over,
});

const row = (rows: [string, string][], label: string) => {
  const found = rows.find(([l]) => l === label);
  assert.ok(found, `a "${label}" row`);
  return found[1];
};

describe("RateMeter", () => {
  it("turns cumulative counters into per-second rates once a second", () => {
    const meter = new RateMeter();
    const counters = newNetCounters();
    assert.equal(meter.update(0, counters), true, "the first call sets the baseline");
    assert.deepEqual(meter.perSecond, newNetCounters(), "no rate before a full second");

    const frameMs = 1000 / 60;
    let refreshed = 0;
    for (let frame = 1; frame <= 120; frame++) {
      const now = frame * frameMs;
      counters.frames++;
      if (frame % 3 === 0) counters.patches++; // 20 a second
      counters.bytesIn += 100; // 6000 a second
      counters.bytesOut += 50;
      if (meter.update(now, counters)) {
        refreshed++;
        assert.ok(now >= refreshed * 1000 - 1e-9, `refreshed only after a full second (${now} ms)`);
      }
    }
    assert.equal(refreshed, 2);
    assert.ok(Math.abs(meter.perSecond.frames - 60) < 1e-9, `frames ${meter.perSecond.frames}`);
    assert.ok(Math.abs(meter.perSecond.patches - 20) < 1e-9, `patches ${meter.perSecond.patches}`);
    assert.ok(Math.abs(meter.perSecond.bytesIn - 6000) < 1e-6);
    assert.ok(Math.abs(meter.perSecond.bytesOut - 3000) < 1e-6);
    assert.equal(meter.perSecond.snaps, 0);
  });

  it("divides by the time that really passed when a second is refreshed late", () => {
    const meter = new RateMeter();
    const counters: NetCounters = newNetCounters();
    meter.update(0, counters);
    counters.messagesIn = 50;
    assert.equal(meter.update(999, counters), false);
    counters.messagesIn = 60;
    assert.equal(meter.update(1500, counters), true);
    assert.equal(meter.perSecond.messagesIn, 40);
  });

  it("counts corrections per minute over the last minute, scaled up before a minute has passed", () => {
    const meter = new RateMeter();
    const counters = newNetCounters();
    const startedAt = 0;
    const at = (now: number) => meter.update(now, counters);
    at(0);
    counters.corrections = 2; // two at once
    at(5000);
    assert.equal(meter.correctionsPerMinute(5000, startedAt), 24, "2 in 5 s");
    at(10_000);
    assert.equal(meter.correctionsPerMinute(10_000, startedAt), 12, "2 in 10 s");
    counters.corrections = 3;
    at(30_000);
    assert.equal(meter.correctionsPerMinute(30_000, startedAt), 6);
    at(64_000);
    assert.equal(meter.correctionsPerMinute(64_000, startedAt), 3, "all three within the last minute");
    at(66_000);
    assert.equal(meter.correctionsPerMinute(66_000, startedAt), 1, "the first two are over a minute old");
    at(95_000);
    assert.equal(meter.correctionsPerMinute(95_000, startedAt), 0);
    assert.equal(new RateMeter().correctionsPerMinute(200, 0), 0);
  });

  it("does not inflate the rate in the first second", () => {
    const meter = new RateMeter();
    const counters = newNetCounters();
    meter.update(0, counters);
    counters.corrections = 1;
    meter.update(100, counters);
    assert.equal(meter.correctionsPerMinute(100, 0), 60, "one in the first second counts as one a second, not one in 100 ms");
  });
});

describe("netPanelRows", () => {
  it("formats every number with its unit", () => {
    const rows = netPanelRows(readout(), null);
    assert.equal(row(rows, "Ping"), "49 ms ±3");
    assert.equal(row(rows, "Clock offset"), "+12.3 ms");
    assert.equal(row(rows, "Down · up"), "2.5 KB/s · 700 B/s");
    assert.equal(row(rows, "Messages in · out"), "20 · 31 /s");
    assert.equal(row(rows, "Patches"), "20.0 /s");
    assert.equal(row(rows, "Interp delay"), "75 ms (buffer 40 ms)");
    assert.equal(row(rows, "Snapshot jitter"), "12 ms");
    assert.equal(row(rows, "Extrapolated"), "1.3 % (37 frames)");
    assert.equal(row(rows, "Corrections"), "1.3 /min (2 snaps)");
    assert.equal(row(rows, "Error at ack"), "0.04 u");
    assert.equal(row(rows, "Pending inputs"), "5");
    assert.equal(row(rows, "Shots hit · confirmed"), "12 · 11 (+1 unseen, 0 taken back)");
    assert.equal(row(rows, "FPS"), "60");
    assert.equal(rows[0][0], "Ping", "the ping comes first");
  });

  it("shows a dash for the ping and 'syncing…' for the clock before the first echo", () => {
    const rows = netPanelRows(readout({ pingMs: null, clockSynced: false }), null);
    assert.equal(row(rows, "Ping"), "–");
    assert.equal(row(rows, "Clock offset"), "syncing…");
  });

  it("signs the clock offset either way", () => {
    assert.equal(row(netPanelRows(readout({ clockOffsetMs: -5 }), null), "Clock offset"), "-5.0 ms");
    assert.equal(row(netPanelRows(readout({ clockOffsetMs: 0 }), null), "Clock offset"), "+0.0 ms");
  });

  it("shows bytes per second below a kilobyte and kilobytes above", () => {
    const traffic = (bytesInPerSec: number, bytesOutPerSec: number) => row(netPanelRows(readout({ bytesInPerSec, bytesOutPerSec }), null), "Down · up");
    assert.equal(traffic(0, 1023), "0 B/s · 1023 B/s");
    assert.equal(traffic(1024, 10_240), "1.0 KB/s · 10.0 KB/s");
    assert.equal(traffic(512.4, 1_572_864), "512 B/s · 1536.0 KB/s");
  });

  it("puts the simulated lag first when there is one, and only then", () => {
    const plain = netPanelRows(readout(), null);
    const simulated = netPanelRows(readout(), "150 ms ±30");
    assert.deepEqual(simulated[0], ["Simulated lag", "150 ms ±30"]);
    assert.deepEqual(simulated.slice(1), plain);
    assert.ok(!plain.some(([label]) => label === "Simulated lag"));
  });

  it("says last when effects are reduced (low-end mode), and only then", () => {
    const plain = netPanelRows(readout(), null);
    const reduced = netPanelRows(readout(), null, "reduced (under 40 fps)");
    assert.deepEqual(reduced.at(-1), ["Effects", "reduced (under 40 fps)"]);
    assert.deepEqual(reduced.slice(0, -1), plain);
    assert.ok(!plain.some(([label]) => label === "Effects"));
  });
});
