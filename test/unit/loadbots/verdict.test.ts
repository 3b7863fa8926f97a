import assert from "node:assert/strict";
import { SwarmAggregate } from "../../../loadbots/aggregate.ts";
import { busiestInWindow, firstSaturated, type CapacityResult, type CapacityStep } from "../../../loadbots/capacity.ts";
import { parseCli } from "../../../loadbots/options.ts";
import { combineServers } from "../../../loadbots/metricsProbe.ts";
import { buildReport, type Report } from "../../../loadbots/report.ts";
import type { StopReason } from "../../../loadbots/session.ts";
import { capacityCurveLines, estimatedPlayersPerCore, reportVerdict } from "../../../loadbots/verdict.ts";
import { workerSample } from "../../helpers/workerSample.ts";

/** A report of a finished run of `bots` bots that all joined, with no errors and no server figures; tests override what they check. */
function baseReport(bots: number, args: string[] = [], capacity: CapacityResult | null = null, stopReason: StopReason = "completed"): Report {
  const parsed = parseCli(["--out", "/tmp/unused", "--clients", String(bots), ...args]);
  if (parsed.kind !== "run") throw new Error("bad test options");
  const aggregate = new SwarmAggregate(0);
  aggregate.ingest(workerSample({ bots, connected: bots, joinsOk: bots }));
  const timeline = [aggregate.cut(1000, bots, { botPercent: 50, machinePercent: 60, otherPercent: 1 }, null)];
  return buildReport({
    options: parsed.options, workersUsed: 1, metricsUrl: "http://127.0.0.1:2567/metrics", startedAtMs: 0, endedAtMs: 60_000, stopReason,
    plannedBots: bots, connectedBeforeStop: bots, steadyFromSeconds: 6, aggregate, timeline, generatorFailures: [], capacity,
  });
}

const rtt = (p99: number) => ({ count: 60_000, mean: p99 / 4, min: 0.5, p50: p99 / 8, p95: p99 / 2, p99, max: p99 * 4 });

type Summary = Report["summary"];
const isRecord = (v: unknown): v is object => typeof v === "object" && v !== null && !Array.isArray(v);
/** The report with some summary figures replaced; an object given for an object field is merged into it. */
const withSummary = (report: Report, over: { [K in keyof Summary]?: Partial<Summary[K]> | null }): Report => {
  const summary: Record<string, unknown> = { ...report.summary };
  for (const [key, value] of Object.entries(over)) {
    const current = summary[key];
    summary[key] = isRecord(current) && isRecord(value) ? { ...current, ...value } : value;
  }
  return { ...report, summary: summary as Summary };
};

/** One capacity window at a 50 ms budget; the server and the machine at `clients / 7` percent unless told. */
const window = (clients: number, rttP99Ms: number, over: Partial<CapacityStep> = {}): CapacityStep => ({
  clients, attempt: 1, connected: clients, rttP99Ms, rttSamples: clients * 20, newErrors: 0, maxWorkerElu: 0.5,
  serverCpuPercentMean: Math.round(clients / 7), machineCpuPercentMean: Math.round(clients / 7), otherCpuPercentMean: 1,
  passed: rttP99Ms <= 50, reason: rttP99Ms <= 50 ? null : `RTT p99 ${rttP99Ms} ms > budget 50 ms`, ...over,
});

function capacity(steps: CapacityStep[], brokeAtClients: number | null): CapacityResult {
  const held = steps.filter((s) => s.passed && s.clients !== brokeAtClients).map((s) => s.clients);
  return {
    p99BudgetMs: 50, errorBudget: 0, stepSize: 64, windowSeconds: 10, steps,
    largestHeldClients: Math.max(0, ...held), brokeAtClients,
    stoppedBecause: brokeAtClients === null ? "reached --clients" : `${brokeAtClients} clients broke the budget`,
    generatorSaturated: false, machineSaturated: false, serverSaturated: false, firstSaturated: firstSaturated(steps),
  };
}

const verdictOf = (c: CapacityResult, stopReason: StopReason = "completed", args: string[] = []) =>
  reportVerdict(baseReport(640, ["--find-capacity", ...args], c, stopReason));

describe("loadbots report verdict: capacity search", () => {
  it("names the step that held, the one that broke with both looks, and the server as the side that saturated first", () => {
    // At 576 the server is at 89% of its core and the machine at 91% of both cores: the server is further past its mark.
    const c = capacity([
      window(448, 30), window(512, 39),
      window(576, 48.8, { serverCpuPercentMean: 89, machineCpuPercentMean: 91 }),
      window(640, 63.4, { serverCpuPercentMean: 95, machineCpuPercentMean: 96 }),
      window(640, 59.3, { attempt: 2, serverCpuPercentMean: 95, machineCpuPercentMean: 96 }),
    ], 640);
    assert.deepEqual(c.firstSaturated, { side: "server", clients: 576 });
    assert.equal(verdictOf(c),
      "Held 576 players at p99 48.8 ms; 640 broke the budget (p99 63.4 ms, then 59.3 ms > 50 ms); " +
      "the server process saturated first (server 89% of a core at 576 players)");
  });

  it("says when the bots' workers saturated first, and that the limit is then the generator's", () => {
    const c = capacity([window(256, 12), window(320, 20, { maxWorkerElu: 0.93 }), window(384, 70, { maxWorkerElu: 0.97 }), window(384, 72, { attempt: 2, maxWorkerElu: 0.97 })], 384);
    assert.equal(verdictOf(c),
      "Held 320 players at p99 20 ms; 384 broke the budget (p99 70 ms, then 72 ms > 50 ms); " +
      "the bots' workers saturated first (busiest bot worker ELU 0.93 at 320 players): the limit found is the generator's, not the server's");
  });

  it("says when the whole machine saturated first", () => {
    const c = capacity([window(448, 30, { serverCpuPercentMean: 70, machineCpuPercentMean: 92 }), window(512, 80, { serverCpuPercentMean: 75, machineCpuPercentMean: 95 }), window(512, 81, { attempt: 2 })], 512);
    assert.match(verdictOf(c), /; the whole machine saturated first \(machine 92% of all cores at 448 players\)$/);
    // Outside load is named, so the limit is not read as the server's.
    c.steps[1].otherCpuPercentMean = 40;
    assert.match(verdictOf(c), /at 448 players\); other processes took 40% of the machine in its busiest window, so these figures are disturbed$/);
  });

  it("says nothing saturated, with how loaded each side was at the deciding step, and gives a non-latency reason as it is", () => {
    const c = capacity([window(64, 5), window(128, 9, { newErrors: 3, passed: false, reason: "3 errors > budget 0" })], 128);
    assert.equal(verdictOf(c),
      "Held 64 players at p99 5 ms; 128 broke the budget (3 errors > budget 0); " +
      "nothing saturated (at 128 players: server 18% of a core, machine 18% of all cores, busiest bot worker ELU 0.5)");
    const noMetrics = capacity([window(64, 5, { serverCpuPercentMean: null })], null);
    assert.match(verdictOf(noMetrics), /nothing saturated \(at 64 players: server CPU unknown \(no \/metrics\),/);
  });

  it("says when no step held at all", () => {
    const c = capacity([window(64, 90), window(64, 95, { attempt: 2 })], 64);
    assert.match(verdictOf(c), /^No step held the budget; 64 broke the budget \(p99 90 ms, then 95 ms > 50 ms\); /);
  });

  it("is honest when the search ended at --clients or at the time cap without breaking", () => {
    const reached = capacity([window(320, 10), window(640, 20)], null);
    assert.equal(verdictOf(reached),
      "Held 640 players at p99 20 ms; nothing broke it up to --clients 640: raise --clients to find the limit; " +
      "the server process saturated first (server 91% of a core at 640 players)");
    const capped = capacity([window(320, 10, { serverCpuPercentMean: 40 }), window(384, 12, { serverCpuPercentMean: 50 })], null);
    assert.match(verdictOf(capped, "time-cap", ["--duration", "120"]),
      /^Held 384 players at p99 12 ms; the 120 s time cap \(--duration\) ended the search before a step broke; nothing saturated/);
    assert.match(verdictOf(capped, "interrupted"), /; the search was interrupted before a step broke;/);
    assert.match(verdictOf(capacity([], null), "time-cap", ["--duration", "5"]), /^No step held the budget; the 5 s time cap/);
  });

  it("draws the p99 curve for the console with the budget at a fixed column", () => {
    const c = capacity([window(64, 25), window(128, 50), window(192, 100), window(192, 500, { attempt: 2 })], 192);
    const lines = capacityCurveLines(c);
    assert.equal(lines[0], "Round-trip p99 against players (budget 50 ms at │):");
    const bars = lines.slice(1).map((line) => /ms {2}(\S[^]*?) {2}(held|over budget|broke)/.exec(line));
    assert.ok(bars.every(Boolean), lines.join("\n"));
    assert.deepEqual(bars.map((b) => [b![1].indexOf("│"), b![1].replace(/[ │»]/g, "").length, b![2]]), [[30, 15, "held"], [30, 30, "held"], [30, 44, "over budget"], [30, 44, "over budget"]]);
    assert.match(lines[4], /»  over budget \(second look\)$/); // 10× the budget runs off the bar
    const errors = capacity([window(64, 9, { newErrors: 3, passed: false, reason: "3 errors > budget 0" })], 64);
    assert.match(capacityCurveLines(errors)[1], / {2}broke: 3 errors > budget 0$/);
  });
});

describe("loadbots report verdict: plain run", () => {
  it("says what the run showed and estimates one server core's players from the CPU per player-second", () => {
    const report = withSummary(baseReport(500), {
      rttSteadyMs: rtt(24.3),
      server: { available: true, cpuPercentMean: 73, cpuMsPerClientSecond: 1.46 },
    });
    assert.equal(reportVerdict(report),
      "500 bots held p99 24.3 ms for 60 s with 0 errors; the server used 73% of a core, ≈ 1.5 ms CPU per player-second, " +
      "so one core would hold about 580 players at this load (an estimate, to 85% of a core) — run --find-capacity to measure it");
    assert.equal(estimatedPlayersPerCore(1.46), 580);
    assert.equal(estimatedPlayersPerCore(20), 43);
  });

  it("says when the server's CPU is unknown, some bots failed, a threshold failed or the bots were saturated", () => {
    const report = withSummary(baseReport(500, ["--max-p99-rtt", "50"]), {
      rttSteadyMs: null,
      rttMs: rtt(90),
      joins: { ok: 480 },
      errors: { total: 20 },
      generator: { saturated: true },
      machine: { cpuPercentMean: 95, otherCpuPercentMean: 30 },
    });
    const failed = { ...report, thresholds: { checks: [{ name: "max-p99-rtt", limit: 50, actual: 90, passed: false }], passed: false } };
    assert.equal(reportVerdict(failed),
      "FAILED --max-p99-rtt (90 > 50): 480 of 500 bots joined; p99 90 ms (whole run, ramp included) over 60 s with 20 errors; " +
      "server CPU unknown (no /metrics from http://127.0.0.1:2567/metrics) — run --find-capacity to measure the capacity; " +
      "the bots were saturated, so part of that latency is theirs; the machine was 95% busy; " +
      "other processes took 30% of the machine on average, so these figures are disturbed");
  });

  it("says when nothing joined or the run was interrupted", () => {
    const none = withSummary(baseReport(50), {
      joins: { ok: 0 },
      errors: { total: 50, messages: [{ message: "join: connect ECONNREFUSED 127.0.0.1:2567", count: 50 }] },
    });
    assert.equal(reportVerdict(none), "No bot joined (join: connect ECONNREFUSED 127.0.0.1:2567): nothing was measured");
    const interrupted = withSummary(baseReport(6, [], null, "interrupted"), { rttSteadyMs: rtt(4) });
    assert.match(reportVerdict(interrupted), /^Interrupted: 6 bots held p99 4 ms for 60 s with 0 errors; /);
  });
});

describe("loadbots report verdict: several server processes", () => {
  const server = (cpuPercent: number | null, clients: number) =>
    ({ tickP50Ms: 0.2, tickP99Ms: 1, cpuPercent, eventLoopUtilization: 0.3, rssBytes: 2 ** 27, clients, rooms: 2 });
  const urls = ["http://127.0.0.1:2567/metrics", "http://127.0.0.1:2568/metrics"];

  function clusterReport(points: [number | null, number, number | null, number][]): Report {
    const parsed = parseCli(["--out", "/tmp/unused", "--clients", "100", "--url", "ws://127.0.0.1:2567,ws://127.0.0.1:2568"]);
    if (parsed.kind !== "run") throw new Error("bad test options");
    const aggregate = new SwarmAggregate(0);
    aggregate.ingest(workerSample({ bots: 100, connected: 100, joinsOk: 100 }));
    const timeline = points.map(([cpuA, clientsA, cpuB, clientsB], i) => {
      const servers = [server(cpuA, clientsA), cpuB === null && clientsB < 0 ? null : server(cpuB, clientsB)];
      return aggregate.cut((i + 1) * 1000, 100, { botPercent: 50, machinePercent: 60, otherPercent: 1 }, combineServers(servers), servers);
    });
    return buildReport({
      options: parsed.options, workersUsed: 1, metricsUrl: urls[0], metricsUrls: urls, startedAtMs: 0, endedAtMs: 60_000, stopReason: "completed",
      plannedBots: 100, connectedBeforeStop: 100, steadyFromSeconds: 6, aggregate, timeline, generatorFailures: [], capacity: null,
    });
  }

  it("adds the processes up each second, keeps each one apart, and names the busiest in the verdict", () => {
    const report = withSummary(clusterReport([[40, 60, 20, 40], [44, 60, 22, 40]]), { rttSteadyMs: rtt(20) });
    assert.equal(report.summary.server.processes, 2);
    assert.deepEqual([report.summary.server.cpuPercentMean, report.summary.server.cpuPercentMax], [63, 66]);
    assert.deepEqual(report.summary.servers.map((s) => [s.label, s.cpuPercentMean, s.clientsMax, s.samples]),
      [["127.0.0.1:2567", 42, 60, 2], ["127.0.0.1:2568", 21, 40, 2]]);
    assert.deepEqual(report.parameters.metricsUrls, urls);
    assert.equal(reportVerdict(report),
      "100 bots held p99 20 ms for 60 s with 0 errors; the 2 servers used 63% of a core together, the busiest (127.0.0.1:2567) 42% with 60 clients on average, " +
      "≈ 6.3 ms CPU per player-second, so one core would hold about 130 players at this load (an estimate, to 85% of a core) — run --find-capacity to measure it");
  });

  it("says which process gave no /metrics", () => {
    const report = withSummary(clusterReport([[40, 60, null, -1], [44, 60, null, -1]]), { rttSteadyMs: rtt(20) });
    assert.equal(report.summary.servers[1].available, false);
    assert.match(reportVerdict(report), /the busiest \(127\.0\.0\.1:2567\) 42% with 60 clients on average \(no \/metrics from 127\.0\.0\.1:2568\)/);
  });

  it("judges a capacity step by its busiest process, and names it when it saturated first", () => {
    const timeline = clusterReport([[80, 300, 50, 200], [90, 300, 52, 200]]).timeline;
    assert.deepEqual(busiestInWindow(timeline), { index: 0, cpuPercentMean: 85 });
    assert.equal(busiestInWindow([]), null);
    const steps = [window(448, 30, { serverCpuPercentMean: 70 }), window(512, 60, { serverCpuPercentMean: 88, busiestServer: 1 }), window(512, 61, { attempt: 2, serverCpuPercentMean: 89, busiestServer: 1 })];
    const c = capacity(steps, 512);
    const report = { ...clusterReport([[1, 1, 1, 1]]), capacity: c };
    assert.match(reportVerdict(report), /the busiest of the 2 server processes saturated first \(busiest server 127\.0\.0\.1:2568 88% of a core at 512 players\)$/);
  });
});
