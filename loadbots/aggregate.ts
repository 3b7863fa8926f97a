// Main-thread view of the swarm: merges the workers' samples into run totals and one
// timeline point per second.
import { Histogram } from "./histogram.ts";
import type { TrafficCounters } from "../client/src/net/meteredClient.ts";
import { emptyChurn, type BotCounters, type ChurnCounters, type WorkerSample } from "./messages.ts";
import { ratePerSecond, roundTo } from "./stats.ts";

/** Every worker's counters added up, with their traffic flattened in. */
export type SwarmCounters = BotCounters & TrafficCounters;

/** Join failures, room errors and unexpected leaves: what --max-errors counts. */
export const errorCount = (c: SwarmCounters) => c.joinFailures + c.roomErrors + c.unexpectedLeaves;

export interface TimelinePoint {
  /** Seconds since the run started. */
  t: number;
  target: number;
  connected: number;
  rttMs: { count: number; p50: number; p95: number; p99: number; max: number };
  joinP99Ms: number;
  patchJitterP99Ms: number;
  bytesInPerSec: number;
  bytesOutPerSec: number;
  messagesInPerSec: number;
  messagesOutPerSec: number;
  /** Cumulative. */
  errors: number;
  drops: number;
  reconnects: number;
  /** Whole bot process (all threads), percent of one core. */
  botCpuPercent: number;
  /** Of that, the bots decoding their room states (every bot its own view), percent of one core. */
  botDecodeCpuPercent: number;
  /** Whole machine, percent of all cores. */
  machineCpuPercent: number;
  /** Of that, what other processes used (neither the bots nor a local server); null when unknown. */
  otherCpuPercent: number | null;
  workerElu: number[];
  /** Each worker thread's own CPU, % of one core; null entries where Node lacks per-thread CPU time. */
  workerCpuPercent: (number | null)[];
  tickLagP99Ms: number;
  /** The server's reading of this second; with several processes, theirs added up (see combineServers). */
  server: ServerPoint | null;
  /** With several server processes only: each one's reading (null where it did not answer), in --metrics-url order. */
  servers?: (ServerPoint | null)[];
}

export interface ServerPoint {
  tickP50Ms: number;
  tickP99Ms: number;
  cpuPercent: number | null;
  /** Share (0–1) of wall time the server's event loop, where all its rooms run, was busy; null when not exposed. */
  eventLoopUtilization: number | null;
  rssBytes: number;
  clients: number;
  rooms: number;
}

const emptyBotCounters = (): BotCounters => ({
  bots: 0, connected: 0, joinsOk: 0, joinFailures: 0, roomErrors: 0, unexpectedLeaves: 0, drops: 0, reconnects: 0,
  kills: 0, echoesSent: 0, echoesReceived: 0, chatSent: 0, chatPlayerLinesReceived: 0, chatSystemLinesReceived: 0,
  chatRejected: 0, missedTicks: 0, decodeMs: 0, patchesDecoded: 0, fullStatesDecoded: 0, shotMessagesDecoded: 0, stateBytesDecoded: 0,
});
const BOT_COUNTER_KEYS = Object.keys(emptyBotCounters()) as (keyof BotCounters)[];
const TRAFFIC_KEYS = ["bytesIn", "bytesOut", "messagesIn", "messagesOut"] as const satisfies readonly (keyof TrafficCounters)[];
const emptyCounters = (): SwarmCounters => ({ ...emptyBotCounters(), bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 });

export class SwarmAggregate {
  private readonly latest = new Map<number, WorkerSample>();
  private readonly second = { rtt: new Histogram(), join: new Histogram(), jitter: new Histogram(), tickLag: new Histogram() };
  private readonly loadSinceCut = new Map<number, { sum: number; n: number; cpuSum: number; cpuN: number }>();
  readonly totals = {
    rtt: new Histogram(),
    /** RTT once every planned bot has had its turn to join (the ramp is over). */
    rttSteady: new Histogram(),
    join: new Histogram(),
    patchInterval: new Histogram(),
    patchJitter: new Histogram(),
    tickLag: new Histogram(),
    /** µs per patch decoded (see DecodeCounters.patchDecodeUs). */
    patchDecodeUs: new Histogram(),
  };
  /** RTT since the last resetWindow() (the capacity search's steady window). */
  readonly window = new Histogram();
  steady = false;
  /** Every room id a bot entered during the run (rooms the bots saw created). */
  readonly roomsSeen = new Set<string>();
  private lastCut = { atMs: 0, counters: emptyCounters() };
  private clientSeconds = 0;
  expectedPatchIntervalMs = 50;

  constructor(private readonly startedAtMs: number) {
    this.lastCut.atMs = startedAtMs;
  }

  ingest(sample: WorkerSample): void {
    this.latest.set(sample.workerIndex, sample);
    for (const id of sample.newRoomIds ?? []) this.roomsSeen.add(id);
    this.expectedPatchIntervalMs = sample.expectedPatchIntervalMs;
    this.second.rtt.merge(sample.rttMs);
    this.second.join.merge(sample.joinMs);
    this.second.jitter.merge(sample.patchJitterMs);
    this.second.tickLag.merge(sample.tickLagMs);
    this.totals.rtt.merge(sample.rttMs);
    if (this.steady) this.totals.rttSteady.merge(sample.rttMs);
    this.window.merge(sample.rttMs);
    this.totals.join.merge(sample.joinMs);
    this.totals.patchInterval.merge(sample.patchIntervalMs);
    this.totals.patchJitter.merge(sample.patchJitterMs);
    this.totals.tickLag.merge(sample.tickLagMs);
    this.totals.patchDecodeUs.merge(sample.patchDecodeUs);
    const load = this.loadSinceCut.get(sample.workerIndex) ?? { sum: 0, n: 0, cpuSum: 0, cpuN: 0 };
    load.sum += sample.elu;
    load.n++;
    if (sample.cpuPercent !== null) {
      load.cpuSum += sample.cpuPercent;
      load.cpuN++;
    }
    this.loadSinceCut.set(sample.workerIndex, load);
  }

  resetWindow(): void {
    this.window.reset();
  }

  counters(): SwarmCounters {
    const c = emptyCounters();
    for (const s of this.latest.values()) {
      for (const key of BOT_COUNTER_KEYS) c[key] += s[key];
      for (const key of TRAFFIC_KEYS) c[key] += s.traffic[key];
    }
    return c;
  }

  /** The soak's churn counters, added up over workers. */
  churn(): ChurnCounters {
    const c = emptyChurn();
    for (const s of this.latest.values()) {
      if (!s.churn) continue;
      for (const key of Object.keys(c) as (keyof ChurnCounters)[]) c[key] += s.churn[key];
    }
    return c;
  }

  /** Error messages from every worker, most frequent first. */
  errorMessages(): { message: string; count: number }[] {
    const merged = new Map<string, number>();
    for (const s of this.latest.values()) {
      for (const [message, count] of Object.entries(s.errorMessages)) merged.set(message, (merged.get(message) ?? 0) + count);
    }
    return [...merged].map(([message, count]) => ({ message, count })).sort((a, b) => b.count - a.count);
  }

  /** Client-seconds connected so far (for per-client rates). */
  get connectedClientSeconds(): number {
    return this.clientSeconds;
  }

  workerCount(): number {
    return this.latest.size;
  }

  /** Closes the current second: one timeline point, then the per-second state restarts. */
  cut(
    nowMs: number,
    target: number,
    cpu: { botPercent: number; machinePercent: number; otherPercent: number | null },
    server: ServerPoint | null,
    servers: (ServerPoint | null)[] | null = null,
  ): TimelinePoint {
    const counters = this.counters();
    const before = this.lastCut;
    const elapsed = nowMs - before.atMs;
    this.clientSeconds += (counters.connected * elapsed) / 1000;
    const rtt = this.second.rtt.summary();
    const workerLoad = [...this.loadSinceCut.entries()].sort((a, b) => a[0] - b[0]).map(([, load]) => load);
    const workerElu = workerLoad.map((load) => roundTo(load.sum / load.n, 3));
    const workerCpuPercent = workerLoad.map((load) => (load.cpuN > 0 ? roundTo(load.cpuSum / load.cpuN, 1) : null));
    const point: TimelinePoint = {
      t: roundTo((nowMs - this.startedAtMs) / 1000, 2),
      target,
      connected: counters.connected,
      rttMs: { count: rtt.count, p50: rtt.p50, p95: rtt.p95, p99: rtt.p99, max: rtt.max },
      joinP99Ms: this.second.join.percentile(99),
      patchJitterP99Ms: this.second.jitter.percentile(99),
      bytesInPerSec: Math.round(ratePerSecond(before.counters.bytesIn, counters.bytesIn, elapsed)),
      bytesOutPerSec: Math.round(ratePerSecond(before.counters.bytesOut, counters.bytesOut, elapsed)),
      messagesInPerSec: Math.round(ratePerSecond(before.counters.messagesIn, counters.messagesIn, elapsed)),
      messagesOutPerSec: Math.round(ratePerSecond(before.counters.messagesOut, counters.messagesOut, elapsed)),
      errors: errorCount(counters),
      drops: counters.drops,
      reconnects: counters.reconnects,
      botCpuPercent: roundTo(cpu.botPercent, 1),
      // ms of decoding per second is a tenth of a percent of one core.
      botDecodeCpuPercent: roundTo(ratePerSecond(before.counters.decodeMs, counters.decodeMs, elapsed) / 10, 2),
      machineCpuPercent: roundTo(cpu.machinePercent, 1),
      otherCpuPercent: cpu.otherPercent === null ? null : roundTo(cpu.otherPercent, 1),
      workerElu,
      workerCpuPercent,
      tickLagP99Ms: this.second.tickLag.percentile(99),
      server,
      ...(servers ? { servers } : {}),
    };
    for (const h of Object.values(this.second)) h.reset();
    this.loadSinceCut.clear();
    this.lastCut = { atMs: nowMs, counters };
    return point;
  }
}

