import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { SwarmAggregate } from "../../../loadbots/aggregate.ts";
import { Histogram } from "../../../loadbots/histogram.ts";
import type { WorkerSample } from "../../../loadbots/messages.ts";
import { parseCli, type SwarmOptions } from "../../../loadbots/options.ts";
import { buildReport, checkThresholds, runHints, writeReport } from "../../../loadbots/report.ts";
import type { CapacityResult } from "../../../loadbots/capacity.ts";
import { finalSummary } from "../../../loadbots/progress.ts";
import { capacityChart, escapeHtml, lineChart, niceCeiling, renderHtml, reportCharts } from "../../../loadbots/reportHtml.ts";
import { workerSample } from "../../helpers/workerSample.ts";

const histogram = (...values: number[]) => {
  const h = new Histogram();
  for (const v of values) h.record(v);
  return h.toData();
};

const sample = (workerIndex: number, atEpochMs: number, over: Partial<WorkerSample> = {}) => workerSample({ workerIndex, atEpochMs, ...over });

const options = (args: string[] = []): SwarmOptions => {
  const parsed = parseCli(["--out", "/tmp/unused", ...args]);
  if (parsed.kind !== "run") throw new Error("bad test options");
  return parsed.options;
};

describe("loadbots aggregate and report", () => {
  it("merges worker samples into counters and one timeline point per second", () => {
    const agg = new SwarmAggregate(0);
    agg.ingest(sample(0, 1000, { traffic: { bytesIn: 4000, bytesOut: 400, messagesIn: 40, messagesOut: 60 }, rttMs: histogram(1, 2, 3), joinFailures: 1, errorMessages: { "join: full": 1 } }));
    agg.ingest(sample(1, 1000, { traffic: { bytesIn: 6000, bytesOut: 600, messagesIn: 60, messagesOut: 90 }, rttMs: histogram(4), elu: 0.75, cpuPercent: 61.25, unexpectedLeaves: 2, errorMessages: { "join: full": 2 } }));
    const point = agg.cut(2000, 20, { botPercent: 55.55, machinePercent: 70, otherPercent: 12.345 }, null);
    assert.deepEqual(
      [point.t, point.target, point.connected, point.rttMs.count, point.rttMs.p50, point.rttMs.max, point.bytesInPerSec, point.messagesOutPerSec, point.errors, point.botCpuPercent, point.otherCpuPercent, point.workerElu, point.workerCpuPercent],
      [2, 20, 20, 4, 2.003, 4, 5000, 75, 3, 55.6, 12.3, [0.25, 0.75], [null, 61.3]], // 2 ms reads as its bucket midpoint, 2.003
    );
    assert.deepEqual(agg.errorMessages(), [{ message: "join: full", count: 3 }]);
    assert.equal(agg.connectedClientSeconds, 40);
    // The next second starts empty: per-second histograms reset, counters become deltas.
    agg.ingest(sample(0, 2000, { traffic: { bytesIn: 5000, bytesOut: 400, messagesIn: 40, messagesOut: 60 } }));
    const next = agg.cut(3000, 20, { botPercent: 0, machinePercent: 0, otherPercent: null }, null);
    assert.deepEqual([next.rttMs.count, next.bytesInPerSec], [0, 1000]);
    assert.equal(agg.totals.rtt.count, 4);
  });

  it("checks thresholds against the steady p99 and the error total", () => {
    const summary = {
      rttMs: { count: 10, mean: 5, min: 1, p50: 4, p95: 30, p99: 90, max: 95 },
      rttSteadyMs: { count: 8, mean: 5, min: 1, p50: 4, p95: 10, p99: 20, max: 25 },
      errors: { total: 2, joinFailures: 2, roomErrors: 0, unexpectedLeaves: 0, messages: [] },
    };
    assert.deepEqual(checkThresholds({ maxP99RttMs: 25, maxErrors: 2, findCapacity: false }, summary), {
      checks: [
        { name: "max-p99-rtt", limit: 25, actual: 20, passed: true },
        { name: "max-errors", limit: 2, actual: 2, passed: true },
      ],
      passed: true,
    });
    const failed = checkThresholds({ maxP99RttMs: 15, maxErrors: 1, findCapacity: false }, { ...summary, rttSteadyMs: null });
    assert.deepEqual(failed.checks.map((c) => [c.actual, c.passed]), [[90, false], [2, false]]);
    assert.equal(failed.passed, false);
    assert.deepEqual(checkThresholds({ maxP99RttMs: null, maxErrors: 0, findCapacity: true }, summary), { checks: [], passed: true });
  });

  it("explains per-address refusals, a saturated generator and outside load", () => {
    const quiet = {
      errors: { total: 0, joinFailures: 0, roomErrors: 0, unexpectedLeaves: 0, messages: [] },
      generator: { saturated: false } as never,
      machine: { cpuPercentMean: 50, cpuPercentMax: 60, otherCpuPercentMean: 3 },
    };
    assert.deepEqual(runHints(quiet), []);
    const hints = runHints({
      errors: { total: 5, joinFailures: 5, roomErrors: 0, unexpectedLeaves: 0, messages: [{ message: "join: MatchMakeError 429: too many join attempts from this address; try again shortly", count: 5 }] },
      generator: { saturated: true } as never,
      machine: { cpuPercentMean: 90, cpuPercentMax: 99, otherCpuPercentMean: 30 },
    });
    assert.equal(hints.length, 3);
    assert.match(hints[0], /MAX_JOINS_PER_IP_PER_MINUTE=0 MAX_CONNECTIONS_PER_IP=0/);
    assert.match(hints[1], /saturated/);
    assert.match(hints[2], /Other processes used 30%/);
  });

  it("draws charts as inline SVG and escapes text", () => {
    assert.deepEqual([0, 0.3, 1, 7, 12, 283, 450, 900].map(niceCeiling), [1, 0.3, 1, 8, 15, 300, 500, 1000]);
    const svg = lineChart({ title: "RTT <p99>", unit: "ms", times: [0, 1, 2, 3], series: [{ name: "a&b", color: "#000", values: [1, null, 3, 4] }] });
    assert.match(svg, /<svg viewBox="0 0 760 230"/);
    assert.match(svg, /<circle /); // the lone point before the gap
    assert.match(svg, /<polyline points="[^"]+"/);
    assert.match(svg, /RTT &lt;p99&gt;/);
    assert.match(svg, /a&amp;b/);
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("keeps the RTT p99 line visible: drawn over max, and the axis not stretched by max", () => {
    const agg = new SwarmAggregate(0);
    const timeline = [10, 12, 400].map((max, i) => {
      agg.ingest(sample(0, (i + 1) * 1000, { rttMs: histogram(...Array.from({ length: 200 }, (_, k) => 2 + (k % 20)), max) }));
      return agg.cut((i + 1) * 1000, 10, { botPercent: 10, machinePercent: 10, otherPercent: 0 }, null);
    });
    const [rttChart] = reportCharts(timeline);
    assert.deepEqual(rttChart.series.map((s) => s.name), ["max", "p50", "p95", "p99"]); // drawn in this order: p99 on top
    const svg = lineChart(rttChart);
    assert.ok(svg.indexOf(`stroke="${rttChart.series[3].color}"`) > svg.indexOf(`stroke="${rttChart.series[0].color}"`));
    // The axis stops at 1.5 × the highest p99 (22 ms → 40), not at the 400 ms max, which is marked at the top.
    assert.match(svg, />40<\/text>/);
    assert.doesNotMatch(svg, />400<\/text>/);
    assert.match(svg, /<title>max 400 ms at 3 s<\/title>/);
    assert.match(svg, /max \(▲ above the axis\)/);
  });

  it("charts the capacity search's p99 against players, with the budget and held and broken windows apart", () => {
    const window = (clients: number, attempt: number, rttP99Ms: number, passed: boolean) => ({
      clients, attempt, connected: clients, rttP99Ms, rttSamples: 1000, newErrors: 0, maxWorkerElu: 0.5, serverCpuPercentMean: 50,
      machineCpuPercentMean: 50, otherCpuPercentMean: 1, passed, reason: passed ? null : `RTT p99 ${rttP99Ms} ms > budget 50 ms`,
    });
    const capacity: CapacityResult = {
      p99BudgetMs: 50, errorBudget: 0, stepSize: 64, windowSeconds: 10, largestHeldClients: 128, brokeAtClients: 192,
      steps: [window(64, 1, 10, true), window(128, 1, 70, false), window(128, 2, 40, true), window(192, 1, 90, false), window(192, 2, 900, false)],
      stoppedBecause: "192 clients broke the budget", generatorSaturated: false, machineSaturated: false, serverSaturated: false, firstSaturated: null,
    };
    const svg = capacityChart(capacity);
    assert.match(svg, /round-trip p99 against players/);
    assert.equal((svg.match(/<circle [^>]*><title>/g) ?? []).length, 2, "two held windows as dots");
    assert.equal((svg.match(/<path d="M[^"]* M[^"]*"[^>]*><title>/g) ?? []).length, 2, "two over-budget windows as crosses");
    assert.match(svg, /<title>192 players, window 2: p99 900 ms, over budget \(second look\)<\/title><\/path><text [^>]*>900<\/text>/); // above the axis: marked ▲ with its value
    assert.match(svg, />above the axis</);
    assert.match(svg, /stroke-dasharray="6 4"/); // the budget line
    assert.match(svg, />budget 50 ms</);
    assert.match(svg, />150<\/text>/); // the axis stops at three budgets
    // The curve joins each step's deciding window: 64 → 128 (second look) → 192 (second look).
    const curve = /<polyline points="([^"]+)"/.exec(svg);
    assert.equal(curve?.[1].split(" ").length, 3);
  });

  it("reports what decoding their own views cost the bots: in all, per bot-second, per patch", () => {
    const agg = new SwarmAggregate(0);
    const decodeUs = histogram(10, 20, 30, 40); // the decode histogram holds µs
    agg.ingest(sample(0, 1000, { decodeMs: 150, patchesDecoded: 4, fullStatesDecoded: 10, stateBytesDecoded: 40_000, patchDecodeUs: decodeUs }));
    const first = agg.cut(1000, 10, { botPercent: 20, machinePercent: 30, otherPercent: 0 }, null);
    agg.ingest(sample(0, 2000, { decodeMs: 250, patchesDecoded: 4, fullStatesDecoded: 10, stateBytesDecoded: 60_000 }));
    const second = agg.cut(2000, 10, { botPercent: 20, machinePercent: 30, otherPercent: 0 }, null);
    assert.deepEqual([first.botDecodeCpuPercent, second.botDecodeCpuPercent], [15, 10]); // 150 then 100 ms in a second
    const report = buildReport({
      options: options(), workersUsed: 1, metricsUrl: "http://127.0.0.1:1/metrics", startedAtMs: 0, endedAtMs: 2000,
      stopReason: "completed", plannedBots: 10, connectedBeforeStop: 10, steadyFromSeconds: 1, aggregate: agg, timeline: [first, second],
      generatorFailures: [], capacity: null,
    });
    const d = report.summary.generator.decode;
    assert.match(d.counting, /^Every bot decoded its own view \(per-client state\)/);
    // 250 ms over 20 bot-seconds; the bots' CPU was 20 ms per bot-second.
    assert.deepEqual([d.totalMs, d.msPerBotSecond, d.shareOfBotCpu, d.patches, d.fullStates, d.stateBytesPerBotSecond], [250, 12.5, 0.625, 4, 10, 3000]);
    assert.deepEqual([d.usPerPatch.count, d.usPerPatch.p50, d.usPerPatch.max], [4, 20, 40]);
    assert.match(finalSummary(report), /State decoding: every bot decoded its own view \(per-client state\): 250 ms in all, 12\.5 ms per bot-second, 62\.5% of the bots' CPU; 20 µs per patch p50, 40 µs p99/);
    const html = renderHtml(report);
    assert.match(html, /State decoding: Every bot decoded its own view \(per-client state\)/);
    assert.match(html, /<td>bots&#39; state decoding per patch, p50 \/ p99 \(µs\)<\/td><td>20 \/ 40 over 4 patches/);
    const [, , , cpuChart] = reportCharts(report.timeline);
    assert.deepEqual(cpuChart.series.find((s) => s.name === "bots decoding state")?.values, [15, 10]);
  });

  it("writes report.json and a self-contained report.html", async () => {
    const agg = new SwarmAggregate(0);
    agg.ingest(sample(0, 1000, { rttMs: histogram(1, 2), joinMs: histogram(30), cpuPercent: 30 }));
    const timeline = [agg.cut(1000, 10, { botPercent: 20, machinePercent: 30, otherPercent: 10 }, { tickP50Ms: 0.2, tickP99Ms: 1, cpuPercent: 30, eventLoopUtilization: 0.4, rssBytes: 2 ** 27, clients: 10, rooms: 1 })];
    agg.ingest(sample(0, 2000, { rttMs: histogram(3), cpuPercent: 40, chatSent: 12, chatPlayerLinesReceived: 30, chatSystemLinesReceived: 4, chatRejected: 1 }));
    timeline.push(agg.cut(2000, 10, { botPercent: 22, machinePercent: 40, otherPercent: null }, null));
    const report = buildReport({
      options: options(["--max-errors", "0"]), workersUsed: 1, metricsUrl: "http://127.0.0.1:1/metrics", startedAtMs: 0, endedAtMs: 2000,
      stopReason: "completed", plannedBots: 10, connectedBeforeStop: 10, steadyFromSeconds: 1, aggregate: agg, timeline,
      generatorFailures: [], capacity: null,
    });
    assert.equal(report.summary.rttMs.count, 3);
    assert.equal(report.summary.server.available, true);
    assert.equal(report.summary.server.samples, 1);
    assert.deepEqual([report.summary.server.eventLoopUtilizationMean, report.summary.server.eventLoopUtilizationMax], [0.4, 0.4]);
    assert.equal(report.summary.server.cpuMsPerClientSecond, 30); // 30% of a core for 10 clients
    assert.equal(report.summary.generator.cpuMsPerBotSecond, 21); // 20% then 22% of a core for 10 bots
    assert.deepEqual(report.summary.generator.workers, [{ index: 0, eluMean: 0.25, eluMax: 0.25, cpuPercentMean: 35 }]);
    assert.deepEqual(report.summary.machine, { cpuPercentMean: 35, cpuPercentMax: 40, otherCpuPercentMean: 10 });
    assert.equal(report.thresholds.passed, true);

    const dir = await mkdtemp(path.join(os.tmpdir(), "loadbots-report-"));
    try {
      const files = await writeReport(dir, report);
      const json = JSON.parse(await readFile(files.json, "utf8"));
      assert.deepEqual(Object.keys(json), ["tool", "verdict", "startedAt", "endedAt", "durationSeconds", "stopReason", "parameters", "machine", "summary", "thresholds", "hints", "capacity", "timeline"]);
      assert.match(json.verdict, /^10 bots held p99 3 ms \(whole run, ramp included\) for 2 s with 0 errors; the server used 30% of a core, ≈ 30 ms CPU per player-second, so one core would hold about 28 players at this load \(an estimate, to 85% of a core\) — run --find-capacity/);
      assert.deepEqual(json.summary.chat, { sent: 12, playerLinesReceived: 30, systemLinesReceived: 4, rejected: 1 });
      const html = await readFile(files.html, "utf8");
      assert.match(html, /^<!doctype html>/);
      // The verdict is the page's first paragraph, right under the title.
      assert.match(html, /<\/h1>\n<p class="verdict">10 bots held p99 3 ms/);
      assert.match(html, /<td>chat lines received: from players \/ system \(joins, leaves\)<\/td><td>30 \/ 4<\/td>/);
      assert.equal((html.match(/<svg /g) ?? []).length, 8);
      assert.doesNotMatch(html, /\s(src|href)=/, "the page must not load anything");
      assert.match(html, /Node/i);
      const embedded = /<script type="application\/json" id="report-data">(.*)<\/script>/s.exec(html);
      assert.ok(embedded);
      assert.equal(JSON.parse(embedded[1]).summary.rttMs.count, 3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
