import assert from "node:assert/strict";
import { SwarmAggregate, type TimelinePoint } from "../../../loadbots/aggregate.ts";
import { firstSaturated, judgeCapacityStep, saturationLoads, searchCapacity, type StepMeasurement } from "../../../loadbots/capacity.ts";
import { Histogram } from "../../../loadbots/histogram.ts";
import { parseCli } from "../../../loadbots/options.ts";
import type { RunSession } from "../../../loadbots/session.ts";
import { workerSample } from "../../helpers/workerSample.ts";

const step = (over: Partial<StepMeasurement> = {}): StepMeasurement =>
  ({ clients: 400, connected: 400, rttP99Ms: 20, rttSamples: 8000, newErrors: 0, ...over });

describe("loadbots capacity judgement", () => {
  it("holds within both budgets", () => {
    assert.deepEqual(judgeCapacityStep(step(), 50, 0), { passed: true, reason: null });
    assert.deepEqual(judgeCapacityStep(step({ rttP99Ms: 50 }), 50, 0), { passed: true, reason: null });
  });

  it("breaks on p99, errors, missing bots or missing samples", () => {
    assert.deepEqual(judgeCapacityStep(step({ rttP99Ms: 50.1 }), 50, 0), { passed: false, reason: "RTT p99 50.1 ms > budget 50 ms" });
    assert.deepEqual(judgeCapacityStep(step({ newErrors: 1 }), 50, 0), { passed: false, reason: "1 errors > budget 0" });
    assert.deepEqual(judgeCapacityStep(step({ newErrors: 1, connected: 399 }), 50, 1), { passed: true, reason: null });
    assert.deepEqual(judgeCapacityStep(step({ connected: 398 }), 50, 1), { passed: false, reason: "only 398 of 400 connected" });
    assert.deepEqual(judgeCapacityStep(step({ rttSamples: 0 }), 50, 0), { passed: false, reason: "no round-trip samples" });
  });
});

describe("loadbots capacity saturation", () => {
  const load = (serverCpuPercentMean: number | null, machineCpuPercentMean: number, maxWorkerElu: number, clients = 100) =>
    ({ clients, attempt: 1, connected: clients, rttP99Ms: 10, rttSamples: 100, newErrors: 0, maxWorkerElu, serverCpuPercentMean,
      machineCpuPercentMean, otherCpuPercentMean: null, passed: true, reason: null });

  it("measures each side against its own mark", () => {
    assert.deepEqual(saturationLoads(load(42.5, 45, 0.45)), { server: 0.5, bots: 0.5, machine: 0.5 });
    assert.equal(saturationLoads(load(null, 45, 0.45)).server, null);
  });

  it("finds the side that reached its mark at the earliest window, the furthest past it on a tie", () => {
    assert.equal(firstSaturated([load(80, 80, 0.8), load(null, 85, 0.85)]), null);
    assert.deepEqual(firstSaturated([load(80, 80, 0.8, 100), load(84, 95, 0.8, 200), load(99, 99, 0.99, 300)]), { side: "machine", clients: 200 });
    assert.deepEqual(firstSaturated([load(89, 91, 0.8, 576)]), { side: "server", clients: 576 });
    assert.deepEqual(firstSaturated([load(null, 50, 0.95, 64)]), { side: "bots", clients: 64 });
  });
});

describe("loadbots capacity search", () => {
  /** Stands in for a run: each second, every planned bot is connected and reports RTT samples of latencyMs(clients, second). */
  class ScriptedRun {
    readonly timeline: TimelinePoint[] = [];
    stopReason: string | undefined;
    readonly swarm = { aggregate: new SwarmAggregate(0) };
    private planned = 0;
    private seconds = 0;
    constructor(
      private readonly latencyMs: (clients: number, second: number) => number,
      private readonly serverCpuPercent: (clients: number) => number | null,
    ) {}
    get elapsedMs() { return this.seconds * 1000; }
    addBots(plans: readonly unknown[]) { this.planned += plans.length; }
    target() { return this.planned; }
    async nextSecond() {
      this.seconds++;
      const rtt = new Histogram();
      for (let i = 0; i < this.planned; i++) rtt.record(this.latencyMs(this.planned, this.seconds));
      this.swarm.aggregate.ingest(botsSample(this.planned, rtt));
      const cpuPercent = this.serverCpuPercent(this.planned);
      const server = cpuPercent === null ? null : { tickP50Ms: 0.1, tickP99Ms: 1, cpuPercent, eventLoopUtilization: null, rssBytes: 2 ** 27, clients: this.planned, rooms: 1 };
      this.timeline.push(this.swarm.aggregate.cut(this.elapsedMs, this.planned, { botPercent: 50, machinePercent: 40, otherPercent: 5 }, server));
      return true;
    }
  }

  const botsSample = (bots: number, rtt: Histogram) => workerSample({ bots, connected: bots, joinsOk: bots, elu: 0.5, rttMs: rtt.toData() });

  const search = (latencyMs: (clients: number, second: number) => number, args: string[] = [], serverCpuPercent: (clients: number) => number | null = () => null) => {
    const parsed = parseCli(["--find-capacity", "--clients", "1000", "--capacity-step", "100", "--capacity-window", "5", "--ramp", "1000", ...args]);
    if (parsed.kind !== "run") throw new Error("bad options");
    const o = parsed.options;
    const run = new ScriptedRun(latencyMs, serverCpuPercent);
    return searchCapacity(run as unknown as RunSession, o, { clients: o.clients, rooms: o.rooms, seed: o.seed, rampPerSecond: o.rampPerSecond, workers: 1 });
  };

  it("reports the largest step that held, after a second look at the one that broke", async () => {
    const result = await search((clients) => (clients <= 300 ? 10 : 80));
    assert.equal(result.largestHeldClients, 300);
    assert.deepEqual(result.steps.map((s) => [s.clients, s.attempt, s.passed]), [[100, 1, true], [200, 1, true], [300, 1, true], [400, 1, false], [400, 2, false]]);
    assert.equal(result.stoppedBecause, "400 clients broke the budget: RTT p99 80 ms > budget 50 ms");
    assert.equal(result.brokeAtClients, 400);
    assert.equal(result.windowSeconds, 5);
    assert.deepEqual([result.generatorSaturated, result.machineSaturated, result.serverSaturated], [false, false, false]);
    assert.equal(result.firstSaturated, null);
  });

  it("says when the server process was near a full core at the deciding step", async () => {
    const result = await search((clients) => (clients <= 200 ? 10 : 80), [], (clients) => clients * 0.3);
    assert.equal(result.largestHeldClients, 200);
    assert.deepEqual(result.steps.map((s) => s.serverCpuPercentMean), [30, 60, 90, 90]);
    assert.equal(result.serverSaturated, true);
    assert.deepEqual(result.firstSaturated, { side: "server", clients: 300 });
  });

  it("does not stop at one burst of latency", async () => {
    const burstSecond = 4; // inside the first window of the first step
    const result = await search((clients, second) => (second === burstSecond ? 500 : clients <= 200 ? 10 : 80));
    assert.deepEqual(result.steps.map((s) => [s.clients, s.attempt, s.passed]), [[100, 1, false], [100, 2, true], [200, 1, true], [300, 1, false], [300, 2, false]]);
    assert.equal(result.largestHeldClients, 200);
  });

  it("goes up to --clients when nothing breaks", async () => {
    const result = await search(() => 5, ["--clients", "250"]);
    assert.deepEqual(result.steps.map((s) => s.clients), [100, 200, 250]);
    assert.equal(result.largestHeldClients, 250);
    assert.equal(result.brokeAtClients, null);
    assert.equal(result.stoppedBecause, "reached --clients 250");
  });
});
