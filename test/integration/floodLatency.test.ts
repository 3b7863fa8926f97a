// One flooding client must not cost honest players their responsiveness: three SDK players
// send inputs at the tick rate and measure input-to-state latency (from sending input #n to
// the state showing ack ≥ n), once alone and once while a flooder in another process floods
// their room from 8 sockets, rejoining whenever one is closed. All limits are the
// production defaults.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { TICK_HZ } from "../../shared/constants.ts";
import { CloseCode } from "../../shared/protocol.ts";
import { DEFAULT_CONFIG } from "../../server/config.ts";
import type { FloodReport } from "../helpers/flooder.ts";
import { readMetric, startTestServer, waitForState, type ArenaClientRoom, type TestServer } from "../helpers/server.ts";
import { roomInputs } from "../../client/src/net/roomLink.ts";

const MEASURE_MS = 4000;
const WARMUP_MS = 500;
/** Slack on top of "twice the baseline", so a busy 2-core machine does not fail the test on noise. */
const FLOOR_MS = 20;
/** Sockets the flooder floods from at once. */
const FLOOD_SOCKETS = 8;

interface InputDriver { stop(): number[] }

/** Sends one input per tick and records, for each, how long until the state acknowledged it. */
function driveInputs(room: ArenaClientRoom): InputDriver {
  const input = roomInputs(room);
  const firstSeq = input.sentCount + 1; // the ack counts every input this client ever sent
  const sentAt: number[] = [];
  const latencies: number[] = [];
  const started = performance.now();
  let acked = 0;
  const onState = () => {
    const ack = input.lastProcessed - firstSeq + 1;
    for (; acked < ack && acked < sentAt.length; acked++) {
      if (sentAt[acked] - started > WARMUP_MS) latencies.push(performance.now() - sentAt[acked]);
    }
  };
  room.onStateChange(onState);
  let n = 0;
  const timer = setInterval(() => {
    input.data.mx = (n++ >> 4) % 2 ? 1 : -1; // a change of direction every 16 inputs
    input.send(true); // each frame at once: its latency is what is measured
    sentAt.push(performance.now());
  }, 1000 / TICK_HZ);
  return {
    stop: () => {
      clearInterval(timer);
      room.onStateChange.remove(onState);
      return latencies;
    },
  };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

async function measure(rooms: ArenaClientRoom[]): Promise<{ p50: number; p95: number; samples: number }> {
  const drivers = rooms.map(driveInputs);
  await new Promise((resolve) => setTimeout(resolve, MEASURE_MS));
  const latencies = drivers.flatMap((d) => d.stop());
  await new Promise((resolve) => setTimeout(resolve, 200)); // the last acks drain before the next run
  return { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), samples: latencies.length };
}

function startFlooder(t: TestServer, durationMs: number): Promise<FloodReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/helpers/flooder.ts", t.httpUrl, t.wsUrl, String(durationMs), String(FLOOD_SOCKETS)]);
    let out = "";
    child.stdout.on("data", (chunk) => { out += chunk; });
    child.stderr.on("data", (chunk) => { out += chunk; });
    child.once("exit", (code) => {
      try { resolve(JSON.parse(out.trim().split("\n").pop()!) as FloodReport); } catch { reject(new Error(`flooder exited ${code}: ${out}`)); }
    });
  });
}

describe("a flooding client while honest players play", function () {
  this.timeout(60_000);
  let t: TestServer;
  after(async () => { await t?.close(); });

  it("is cut off with 4429 every time, and the honest players' input-to-state latency stays within 2× of a run without it", async () => {
    t = await startTestServer({
      maxConnectionsPerIp: DEFAULT_CONFIG.maxConnectionsPerIp,
      maxJoinsPerIpPerMinute: DEFAULT_CONFIG.maxJoinsPerIpPerMinute,
    });
    const players = [await t.join({ name: "p1" }), await t.join({ name: "p2" }), await t.join({ name: "p3" })];
    await waitForState(players[0], (s) => s.players.size === 3);

    const baseline = await measure(players);
    const flooder = startFlooder(t, MEASURE_MS + 1000);
    const flooded = await measure(players);
    const report = await flooder;
    const droppedTotal = await readMetric(t, "skirmish_messages_dropped_total");

    const summary = `baseline p50 ${baseline.p50.toFixed(1)} ms p95 ${baseline.p95.toFixed(1)} ms (${baseline.samples}), ` +
      `flooded p50 ${flooded.p50.toFixed(1)} ms p95 ${flooded.p95.toFixed(1)} ms (${flooded.samples}); flooder ${JSON.stringify(report)}`;
    assert.ok(report.connections >= 1 && report.framesSent > 1000, summary);
    assert.ok(report.closeCodes.length >= 1 && report.closeCodes.every((code) => code === CloseCode.FLOODING), summary);
    assert.ok(droppedTotal > 0, summary);
    assert.ok(flooded.samples > 0.8 * baseline.samples, `inputs kept being acknowledged: ${summary}`);
    assert.ok(flooded.p50 <= 2 * baseline.p50 + FLOOR_MS, summary);
    assert.ok(players.every((p) => p.connection.isOpen), "no honest player was disconnected");
  });
});
