// The soak: servers (its own, or given with --url) are read at rest, then a swarm of bots
// plays for --minutes while each bot now and then drops its socket (the SDK reconnects with
// its token), reloads (abrupt close, then client.reconnect with the token through the next
// server) or leaves and rejoins (by quick play or in a room of its own). Then every bot
// leaves, the servers get up to --settle seconds to come back to their levels at rest, and
// soakLeaks.ts judges what they still hold. With --cycles N, load and settle run N times
// against the same processes, and soakCycles.ts compares what each cycle left with what the
// first left. The bots are the load bots' own (bot.ts in worker threads), with churn
// (churn.ts).
import { createWriteStream } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { errorCount, type SwarmAggregate } from "./aggregate.ts";
import type { ChurnSettings } from "./messages.ts";
import { fetchMetrics, MetricsProbe, metricsUrl, serverLabel } from "./metricsProbe.ts";
import { effectiveWorkers, planBots } from "./plan.ts";
import { machineInfo, type MachineInfo } from "./report.ts";
import { ExitCode } from "./run.ts";
import { SoakStartError, startOwnCluster, type OwnCluster } from "./soakCluster.ts";
import { DEFAULT_TOLERANCES, judgeLeaks, levelsFromMetrics, type HeapSeries, type LeakCheck, type LeakTolerances, type ProcessLevels } from "./soakLeaks.ts";
import type { SoakOptions } from "./soakOptions.ts";
import { redisEntries } from "./soakRedis.ts";
import { renderSoakHtml } from "./soakReport.ts";
import { DEFAULT_CYCLE_TOLERANCES, judgeCycles, settledMemory, type CycleMemory, type CycleTolerances } from "./soakCycles.ts";
import { Swarm } from "./swarm.ts";

/** Drops and reloads a third of the time, leaves and rejoins the rest; a quarter of rejoins open a room of their own. */
export const SOAK_CHURN: Omit<ChurnSettings, "meanSeconds"> = {
  weights: { drop: 0.35, reload: 0.15, rejoin: 0.5 },
  rejoinPauseMs: [500, 5000],
  createShare: 0.25,
};
/** Readings taken at rest before the bots come, a second apart. */
const BASELINE_READINGS = 3;
/** Readings during the settle period (every reading makes the server allocate a little: not too often). */
const SETTLE_READ_MS = 2000;
/**
 * Readings while only a full GC is awaited (several cycles), as often as Prometheus usually
 * scrapes: each /metrics request is work in a process that V8 should find idle. (Its next full
 * GC still came anywhere from one to more than five minutes after a load.)
 */
const GC_WAIT_READ_MS = 15_000;
/** Checks that waiting can satisfy: the settle period ends as soon as they all hold. */
const SETTLING_CHECKS = new Set(["rooms", "clients", "handles", "timers", "heap used (MiB)", "Redis entries (keys and their sizes)"]);

export type SoakPhase = "baseline" | "load" | "settle";

export interface SoakServerPoint extends ProcessLevels {
  cpuPercent: number | null;
}

export interface SoakPoint {
  /** Seconds since the soak began (its first baseline reading). */
  t: number;
  phase: SoakPhase;
  /** The load cycle it belongs to (1, 2, ...; 0 at rest before the first). */
  cycle: number;
  bots: {
    target: number;
    connected: number;
    joins: number;
    errors: number;
    drops: number;
    reconnects: number;
    reloads: number;
    leaves: number;
  };
  /** Each process's reading; null where it did not answer. */
  servers: (SoakServerPoint | null)[];
  /** Redis keys, when checked. */
  redisKeys?: number;
}

/** One load cycle: when its phases ran, and what each process settled to once its bots had left. */
export interface SoakCycle {
  cycle: number;
  loadFromSeconds: number;
  loadToSeconds: number;
  loadSeconds: number;
  settleFromSeconds: number;
  /** Null: the levels had not all come back (or, over several cycles, no full GC ran) within --settle. */
  settledAfterSeconds: number | null;
  /** Per process (null: not read): each measure's lowest reading over the settle phase, and the peak RSS under load. */
  servers: (SettledMemory | null)[];
}

export interface SettledMemory extends CycleMemory {
  /** The lowest of RSS minus the heap's committed size: what the process holds outside V8's heap (allocator, buffers, code). */
  outsideHeapBytes: number | null;
  heapTotalBytes: number | null;
  externalBytes: number | null;
  arrayBuffersBytes: number | null;
  peakRssBytes: number;
}

export interface SoakReport {
  tool: "skirmish-soak";
  verdict: string;
  passed: boolean;
  stopReason: "completed" | "interrupted" | "failed";
  startedAt: string;
  endedAt: string;
  parameters: SoakOptions & {
    serversStartedBySoak: boolean; urlsUsed: string[]; metricsUrls: string[]; redisUrlUsed: string | null; churn: ChurnSettings;
    /** glibc's MALLOC_ARENA_MAX as the soak's own servers got it from its environment (null: unset, or servers not ours). */
    mallocArenaMax: string | null;
  };
  machine: MachineInfo;
  /** Over all cycles: the first load's start, the last load's end, the load time summed, the last settle. */
  phases: { loadFromSeconds: number; loadToSeconds: number; loadSeconds: number; settleFromSeconds: number; settledAfterSeconds: number | null };
  cycles: SoakCycle[];
  servers: {
    label: string;
    metricsUrl: string;
    start: ProcessLevels | null;
    end: ProcessLevels | null;
    /** The lowest heap reading once the bots had left (what the heap check compares: see soakLeaks.ts). */
    heapFloorAfterBytes: number | null;
    peak: { heapUsedBytes: number; rssBytes: number; handles: number; timers: number | null; rooms: number; clients: number };
    /** Lines the process logged at warn or above (its own processes only; null for servers given with --url). */
    logLines: number | null;
  }[];
  bots: {
    joinsOk: number;
    joinFailures: number;
    roomErrors: number;
    unexpectedLeaves: number;
    reconnectFailures: number;
    drops: number;
    reconnects: number;
    plannedDrops: number;
    plannedReloads: number;
    reloadsOk: number;
    plannedLeaves: number;
    errorsTotal: number;
    peakConnected: number;
    connectedBeforeStop: number;
    errorMessages: { message: string; count: number }[];
  };
  rooms: { seenByBots: number; createdTotal: number | null; disposedTotal: number | null; openAtEnd: number };
  redis: { url: string; start: Record<string, string> | null; end: Record<string, string> | null; error: string | null } | null;
  checks: LeakCheck[];
  tolerances: LeakTolerances;
  cycleTolerances: CycleTolerances;
  failures: string[];
  timeline: SoakPoint[];
}

export interface SoakHooks {
  signal?: AbortSignal;
  onPoint?: (point: SoakPoint, labels: readonly string[]) => void;
  /** Progress notes (servers started, phase changes). */
  onNote?: (text: string) => void;
}

export interface SoakOutcome {
  report: SoakReport;
  exitCode: number;
  files: { json: string; html: string };
}

export { SoakStartError };

export async function runSoak(options: SoakOptions, hooks: SoakHooks = {}): Promise<SoakOutcome> {
  await mkdir(options.outDir, { recursive: true });
  const note = (text: string) => hooks.onNote?.(text);
  let cluster: OwnCluster | null = null;
  if (options.urls.length === 0) {
    note(`Starting ${options.processes} server process${options.processes > 1 ? "es on a local Redis" : ""}...`);
    cluster = await startOwnCluster(options.processes, options.outDir);
    note(`Servers: ${cluster.urls.join(", ")}${cluster.redisUrl ? ` (Redis ${cluster.redisUrl})` : ""}.`);
  }
  try {
    return await soakServers(options, cluster, hooks);
  } finally {
    await cluster?.stop();
  }
}

async function soakServers(options: SoakOptions, cluster: OwnCluster | null, hooks: SoakHooks): Promise<SoakOutcome> {
  const note = (text: string) => hooks.onNote?.(text);
  const urls = cluster?.urls ?? options.urls;
  const endpoints = cluster?.metricsEndpoints ?? (options.metricsEndpoints.length > 0 ? options.metricsEndpoints : options.urls.map(metricsUrl));
  const labels = endpoints.map(serverLabel);
  const redisUrl = cluster?.redisUrl ?? options.redisUrl;
  const token = cluster?.metricsToken ?? process.env.METRICS_TOKEN;
  const probes = endpoints.map((url) => new MetricsProbe(url, fetchMetrics(token)));
  const tolerances: LeakTolerances = {
    ...DEFAULT_TOLERANCES,
    heapBytes: options.heapToleranceMiB * 2 ** 20,
    heapShare: options.heapTolerancePercent / 100,
  };
  const cycleTolerances = DEFAULT_CYCLE_TOLERANCES;
  const churn: ChurnSettings = { ...SOAK_CHURN, meanSeconds: options.churnSeconds };
  const startedAtMs = Date.now();
  const elapsed = () => Math.round((Date.now() - startedAtMs) / 100) / 10;
  const timeline: SoakPoint[] = [];
  const failures: string[] = [];
  const log = createWriteStream(path.join(options.outDir, "workers.log"));
  let swarm: Swarm | null = null;
  /** The swarms of the cycles before the current one: the bots' counters add up over cycles. */
  const finishedSwarms: SwarmAggregate[] = [];
  let cycle = 0;
  let stopReason: SoakReport["stopReason"] = "completed";
  const botTotals = () => combineAggregates([...finishedSwarms, ...(swarm ? [swarm.aggregate] : [])]);

  const read = async (): Promise<(SoakServerPoint | null)[]> => Promise.all(probes.map(async (probe) => {
    const point = await probe.sample();
    return point && probe.lastValues ? { ...levelsFromMetrics(probe.lastValues), cpuPercent: point.cpuPercent } : null;
  }));
  const record = (phase: SoakPhase, servers: (SoakServerPoint | null)[], redisKeys?: number): SoakPoint => {
    const totals = botTotals();
    const c = totals?.counters;
    const ch = totals?.churn;
    const point: SoakPoint = {
      t: elapsed(),
      phase,
      cycle,
      bots: {
        target: c?.bots ?? 0, connected: c?.connected ?? 0, joins: c?.joinsOk ?? 0, errors: c ? errorCount(c) : 0,
        drops: c?.drops ?? 0, reconnects: c?.reconnects ?? 0, reloads: ch?.reloadsOk ?? 0, leaves: ch?.plannedLeaves ?? 0,
      },
      servers,
      ...(redisKeys === undefined ? {} : { redisKeys }),
    };
    timeline.push(point);
    hooks.onPoint?.(point, labels);
    return point;
  };
  const readRedis = async (): Promise<{ entries: Record<string, string> | null; error: string | null }> => {
    if (!redisUrl) return { entries: null, error: null };
    try {
      return { entries: await redisEntries(redisUrl), error: null };
    } catch (error) {
      return { entries: null, error: (error as Error).message };
    }
  };
  const serverDied = () => {
    for (const p of cluster?.processes ?? []) {
      if (p.exitCode !== undefined && !failures.some((f) => f.startsWith(`server ${p.label}`))) failures.push(`server ${p.label} exited with code ${p.exitCode} during the soak`);
    }
    return (cluster?.processes ?? []).some((p) => p.exitCode !== undefined);
  };

  // 1. At rest.
  note("Reading the servers at rest...");
  const startHeapMax: (number | null)[] = labels.map(() => null);
  const start: (ProcessLevels | null)[] = labels.map(() => null);
  for (let i = 0; i < BASELINE_READINGS; i++) {
    if (i > 0) await sleep(1000, hooks.signal);
    const servers = await read();
    servers.forEach((s, p) => {
      if (!s) return;
      start[p] = stripCpu(s);
      startHeapMax[p] = Math.max(startHeapMax[p] ?? 0, s.heapUsedBytes);
    });
    record("baseline", servers);
  }
  const redisStart = await readRedis();
  const unread = labels.filter((_, i) => start[i] === null);
  if (unread.length > 0) {
    const reasons = probes.filter((p) => p.successes === 0).map((p) => `${p.url}: ${p.lastError}`).join("; ");
    throw new SoakStartError(`no /metrics from ${unread.join(", ")} (${reasons}): the soak needs them (set METRICS_TOKEN, or --metrics-url)`);
  }

  // 2 and 3, once per cycle: load; then every bot leaves and the servers settle until every
  // level is back (or the time is up). Each cycle replays the same bots, so each asks the same of the servers.
  const shape = { clients: options.bots, rooms: 0, seed: options.seed, rampPerSecond: options.rampPerSecond, workers: options.workers, targets: urls.length };
  const workers = effectiveWorkers(shape);
  const cycles: SoakCycle[] = [];
  let end: (ProcessLevels | null)[] = labels.map(() => null);
  let redisEnd = redisStart;
  let heapDuringLoad: [number, number][][] = [];
  let loadSeconds = 0;
  let majorGcsAtLoadEnd: (number | null)[] = [];
  let endHeapFloor: (number | null)[] = [];
  let peakConnected = 0;
  let connectedBeforeStop = 0;
  const judge = () => judgeLeaks({
    labels, start, end, startHeapMax, heapDuringLoad, loadSeconds, majorGcsAtLoadEnd, endHeapFloor,
    redis: redisStart.entries && redisEnd.entries ? { start: redisStart.entries, end: redisEnd.entries } : null,
    tolerances,
  });
  for (cycle = 1; cycle <= options.cycles && stopReason === "completed"; cycle++) {
    const of = options.cycles > 1 ? ` (cycle ${cycle} of ${options.cycles})` : "";
    const loadFromSeconds = elapsed();
    const loadMs = options.minutes * 60_000;
    note(`Load${of}: ${options.bots} bots for ${options.minutes} min over ${urls.length} server process${urls.length > 1 ? "es" : ""}, ${workers} worker${workers > 1 ? "s" : ""}, churn every ~${options.churnSeconds} s per bot.`);
    const loadStartMs = Date.now();
    if (swarm) finishedSwarms.push(swarm.aggregate);
    swarm = new Swarm({ urls, mode: "ffa", inputHz: 30, echoHz: 1, chatPerMinute: 0 }, workers, loadStartMs, log, churn);
    swarm.addBots(planBots(shape, 0, options.bots), loadStartMs);
    heapDuringLoad = labels.map(() => []);
    while (Date.now() - loadStartMs < loadMs) {
      await sleep(Math.min(options.sampleSeconds * 1000, loadMs - (Date.now() - loadStartMs)), hooks.signal);
      if (hooks.signal?.aborted) { stopReason = "interrupted"; break; }
      const servers = await read();
      const t = (Date.now() - loadStartMs) / 1000;
      servers.forEach((s, p) => { if (s) heapDuringLoad[p].push([t, s.heapUsedBytes]); });
      const point = record("load", servers);
      peakConnected = Math.max(peakConnected, point.bots.connected);
      if (swarm.failures.length > 0 || serverDied()) { stopReason = "failed"; break; }
    }
    const loadToSeconds = elapsed();
    loadSeconds = Math.round((Date.now() - loadStartMs) / 1000);
    connectedBeforeStop = swarm.aggregate.counters().connected;
    const lastLoad = timeline.filter((p) => p.phase === "load").at(-1);
    majorGcsAtLoadEnd = labels.map((_, i) => lastLoad?.servers[i]?.majorGcs ?? null);
    note("The bots are leaving...");
    await swarm.stop();
    failures.push(...swarm.failures);

    const settleFromSeconds = elapsed();
    // Over several cycles each one's level is compared with the first's: it is read after a full GC, not among garbage.
    const waitForGc = options.cycles > 1;
    note(`Settling${of}: up to ${options.settleSeconds} s for rooms, clients, handles, timers and heap to return to their start levels${waitForGc ? ", and a full GC" : ""}...`);
    const settleStartMs = Date.now();
    let settledAfterSeconds: number | null = null;
    endHeapFloor = labels.map(() => null);
    for (;;) {
      const servers = await read();
      redisEnd = await readRedis();
      end = servers.map((s) => s && stripCpu(s));
      servers.forEach((s, i) => { if (s) endHeapFloor[i] = Math.min(endHeapFloor[i] ?? Infinity, s.heapUsedBytes); });
      record("settle", servers, redisEnd.entries ? Object.keys(redisEnd.entries).length : undefined);
      const levelsBack = judge().checks.filter((c) => SETTLING_CHECKS.has(c.name) || c.name === "metrics read").every((c) => c.passed);
      const collected = !waitForGc || end.every((e, i) => fullGcSince(majorGcsAtLoadEnd[i], e?.majorGcs ?? null));
      if (levelsBack && collected && (redisStart.entries === null || redisEnd.entries !== null)) {
        settledAfterSeconds = Math.round((Date.now() - settleStartMs) / 100) / 10;
        break;
      }
      if (Date.now() - settleStartMs >= options.settleSeconds * 1000 || serverDied()) break;
      await sleep(levelsBack ? GC_WAIT_READ_MS : SETTLE_READ_MS, stopReason === "interrupted" ? undefined : hooks.signal);
    }
    serverDied();
    cycles.push(cycleSummary(cycle, timeline, majorGcsAtLoadEnd, { loadFromSeconds, loadToSeconds, loadSeconds, settleFromSeconds, settledAfterSeconds }));
  }
  await new Promise<void>((resolve) => log.end(resolve));

  // 4. Judge.
  const totals = botTotals()!;
  const { counters } = totals;
  const churnCounts = totals.churn;
  const errorsTotal = errorCount(counters);
  const leaks = judge();
  const checks: LeakCheck[] = [
    ...leaks.checks,
    ...judgeCycles(labels, cycles.map((c) => c.servers), cycleTolerances),
    { name: "bot errors (join failures, room errors, unexpected leaves, failed reconnections)", process: null, start: 0, end: errorsTotal, limit: `≤ ${options.maxErrors} (--max-errors)`, passed: errorsTotal <= options.maxErrors },
    { name: "bots joined", process: null, start: 0, end: counters.joinsOk, limit: "> 0", passed: counters.joinsOk > 0 },
    ...(failures.length > 0 ? [{ name: "soak ran to the end", process: null, start: null, end: failures.join("; "), limit: "no crash", passed: false }] : []),
  ];
  if (redisStart.error || redisEnd.error) {
    checks.push({ name: "Redis entries (keys and their sizes)", process: null, start: null, end: null, limit: "readable", passed: false, skipped: redisStart.error ?? redisEnd.error ?? undefined });
  }
  const passed = checks.every((c) => c.passed);
  const lastSettle = timeline.filter((p) => p.phase === "settle").at(-1);
  const report: SoakReport = {
    tool: "skirmish-soak",
    verdict: "",
    passed,
    stopReason,
    startedAt: new Date(startedAtMs).toISOString(),
    endedAt: new Date().toISOString(),
    parameters: {
      ...options, serversStartedBySoak: cluster !== null, urlsUsed: urls, metricsUrls: endpoints, redisUrlUsed: redisUrl, churn,
      mallocArenaMax: cluster ? process.env.MALLOC_ARENA_MAX ?? null : null,
    },
    machine: machineInfo(),
    phases: {
      loadFromSeconds: cycles[0]?.loadFromSeconds ?? elapsed(), loadToSeconds: cycles.at(-1)?.loadToSeconds ?? elapsed(),
      loadSeconds: cycles.reduce((sum, c) => sum + c.loadSeconds, 0),
      settleFromSeconds: cycles.at(-1)?.settleFromSeconds ?? elapsed(), settledAfterSeconds: cycles.at(-1)?.settledAfterSeconds ?? null,
    },
    cycles,
    servers: await Promise.all(labels.map(async (label, i) => ({
      label,
      metricsUrl: endpoints[i],
      start: start[i],
      end: end[i],
      heapFloorAfterBytes: endHeapFloor[i],
      peak: peaks(timeline, i),
      logLines: cluster ? await countLines(path.join(options.outDir, `server-${i + 1}.log`)) : null,
    }))),
    bots: {
      joinsOk: counters.joinsOk,
      joinFailures: counters.joinFailures,
      roomErrors: counters.roomErrors,
      unexpectedLeaves: counters.unexpectedLeaves,
      reconnectFailures: churnCounts.reconnectFailures,
      drops: counters.drops,
      reconnects: counters.reconnects,
      plannedDrops: churnCounts.plannedDrops,
      plannedReloads: churnCounts.plannedReloads,
      reloadsOk: churnCounts.reloadsOk,
      plannedLeaves: churnCounts.plannedLeaves,
      errorsTotal,
      peakConnected,
      connectedBeforeStop,
      errorMessages: totals.errorMessages,
    },
    rooms: {
      seenByBots: totals.roomsSeen,
      createdTotal: sumOrNull(end.map((e) => e?.roomsCreated ?? null)),
      disposedTotal: sumOrNull(end.map((e) => e?.roomsDisposed ?? null)),
      openAtEnd: lastSettle ? lastSettle.servers.reduce((sum, s) => sum + (s?.rooms ?? 0), 0) : 0,
    },
    redis: redisUrl ? { url: redisUrl, start: redisStart.entries, end: redisEnd.entries, error: redisStart.error ?? redisEnd.error } : null,
    checks,
    tolerances,
    cycleTolerances,
    failures,
    timeline,
  };
  report.verdict = soakVerdict(report);
  const files = await writeSoakReport(options.outDir, report);
  const exitCode = stopReason === "interrupted" ? ExitCode.INTERRUPTED
    : counters.joinsOk === 0 ? ExitCode.RUN_FAILED
    : passed ? ExitCode.OK : ExitCode.THRESHOLD_FAILED;
  return { report, exitCode, files };
}

const stripCpu = ({ cpuPercent: _cpu, ...levels }: SoakServerPoint): ProcessLevels => levels;

/** Whether a full (mark-compact) collection ran since the load ended; true when the server does not say. */
const fullGcSince = (atLoadEnd: number | null, now: number | null) => atLoadEnd === null || now === null || now > atLoadEnd;

/** One cycle's phases and what each process settled to, from the timeline points of that cycle. */
function cycleSummary(
  cycle: number, timeline: readonly SoakPoint[], majorGcsAtLoadEnd: readonly (number | null)[], phases: Omit<SoakCycle, "cycle" | "servers">,
): SoakCycle {
  const points = timeline.filter((p) => p.cycle === cycle);
  const lowest = (values: (number | null)[]) => {
    const known = values.filter((v): v is number => v !== null);
    return known.length > 0 ? Math.min(...known) : null;
  };
  const servers = majorGcsAtLoadEnd.map((gcsAtLoadEnd, i): SettledMemory | null => {
    const settled = points.filter((p) => p.phase === "settle").map((p) => p.servers[i]).filter((s): s is SoakServerPoint => s !== null && s !== undefined);
    const memory = settledMemory(settled);
    if (!memory) return null;
    const underLoad = points.filter((p) => p.phase === "load").map((p) => p.servers[i]?.rssBytes ?? 0);
    return {
      ...memory,
      fullGc: fullGcSince(gcsAtLoadEnd, settled.at(-1)?.majorGcs ?? null),
      outsideHeapBytes: lowest(settled.map((s) => (s.heapTotalBytes === null ? null : s.rssBytes - s.heapTotalBytes))),
      heapTotalBytes: lowest(settled.map((s) => s.heapTotalBytes)),
      externalBytes: lowest(settled.map((s) => s.externalBytes)),
      arrayBuffersBytes: lowest(settled.map((s) => s.arrayBuffersBytes)),
      peakRssBytes: Math.max(0, ...underLoad),
    };
  });
  return { cycle, ...phases, servers };
}

/** The bots' counters over several swarms (one per cycle): totals added up; bots and connected are the latest swarm's. */
function combineAggregates(aggregates: readonly SwarmAggregate[]) {
  if (aggregates.length === 0) return null;
  const sum = <T extends object>(items: readonly T[]): T => {
    const total = { ...items[0] } as Record<string, number>;
    for (const item of items.slice(1)) for (const [key, value] of Object.entries(item)) if (typeof value === "number") total[key] += value;
    return total as T;
  };
  const latest = aggregates.at(-1)!.counters();
  const messages = new Map<string, number>();
  for (const a of aggregates) for (const { message, count } of a.errorMessages()) messages.set(message, (messages.get(message) ?? 0) + count);
  return {
    counters: { ...sum(aggregates.map((a) => a.counters())), bots: latest.bots, connected: latest.connected },
    churn: sum(aggregates.map((a) => a.churn())),
    errorMessages: [...messages].map(([message, count]) => ({ message, count })).sort((a, b) => b.count - a.count),
    roomsSeen: new Set(aggregates.flatMap((a) => [...a.roomsSeen])).size,
  };
}

const sumOrNull = (values: readonly (number | null)[]) => (values.some((v) => v === null) ? null : values.reduce<number>((a, b) => a + (b ?? 0), 0));

function peaks(timeline: readonly SoakPoint[], index: number): SoakReport["servers"][number]["peak"] {
  const points = timeline.flatMap((p) => (p.servers[index] ? [p.servers[index]!] : []));
  const max = (pick: (s: SoakServerPoint) => number) => Math.max(0, ...points.map(pick));
  const timers = points.flatMap((s) => (s.timers === null ? [] : [s.timers]));
  return {
    heapUsedBytes: max((s) => s.heapUsedBytes), rssBytes: max((s) => s.rssBytes), handles: max((s) => s.handles),
    timers: timers.length > 0 ? Math.max(...timers) : null, rooms: max((s) => s.rooms), clients: max((s) => s.clients),
  };
}

async function countLines(file: string): Promise<number | null> {
  try {
    const text = await readFile(file, "utf8");
    return text.split("\n").filter((line) => line.trim() !== "").length;
  } catch {
    return null;
  }
}

const mib = (bytes: number) => (Math.round((bytes / 2 ** 20) * 10) / 10).toFixed(1);
const count = (n: number) => n.toLocaleString("en-US");

/** The soak's answer in one line: passed or failed, what the bots did, and what the servers came back to. */
export function soakVerdict(r: Pick<SoakReport, "passed" | "stopReason" | "parameters" | "phases" | "cycles" | "servers" | "bots" | "rooms" | "checks">): string {
  const b = r.bots;
  const processes = r.servers.length;
  const minutes = (seconds: number) => Math.round((seconds / 60) * 10) / 10;
  const length = r.cycles.length > 1 ? `${r.cycles.length} cycles of ${minutes(r.phases.loadSeconds / r.cycles.length)} min` : `${minutes(r.phases.loadSeconds)} min`;
  const did = `${r.parameters.bots} bots for ${length} against ${processes} server process${processes > 1 ? "es" : ""} ` +
    `(${count(b.joinsOk)} joins, ${count(b.plannedDrops)} drops with ${count(b.reconnects)} SDK reconnections, ${count(b.reloadsOk)} of ${count(b.plannedReloads)} reloads back with their token, ` +
    `${count(b.plannedLeaves)} leaves and rejoins, ${count(r.rooms.seenByBots)} rooms seen, ${count(b.errorsTotal)} bot error${b.errorsTotal === 1 ? "" : "s"})`;
  const prefix = r.stopReason === "interrupted" ? "Interrupted: " : "";
  if (r.passed) {
    const levels = r.servers.map((s) => {
      if (!s.start || !s.end) return `${s.label}: not read`;
      const timers = s.start.timers === null || s.end.timers === null ? "" : `, timers ${s.start.timers} → ${s.end.timers}`;
      return `${processes > 1 ? `${s.label}: ` : ""}rooms ${s.start.rooms} → ${s.end.rooms}, clients ${s.start.clients} → ${s.end.clients}, ` +
        `handles ${s.start.handles} → ${s.end.handles}${timers}, heap ${mib(s.start.heapUsedBytes)} → ${mib(s.heapFloorAfterBytes ?? s.end.heapUsedBytes)} MiB`;
    }).join("; ");
    const afterCycles = r.cycles.length < 2 ? "" : "; after each cycle: " + r.servers.map((s, i) => {
      const levels = (pick: (m: SettledMemory) => number) => r.cycles.map((c) => (c.servers[i] ? mib(pick(c.servers[i]!)) : "–")).join(" → ");
      return `${processes > 1 ? `${s.label} ` : ""}RSS ${levels((m) => m.rssBytes)} MiB, heap ${levels((m) => m.heapUsedBytes)} MiB`;
    }).join("; ");
    const redis = r.checks.find((c) => c.name.startsWith("Redis entries") && !c.skipped);
    const settled = r.phases.settledAfterSeconds === null ? "" : ` within ${r.phases.settledAfterSeconds} s`;
    return `${prefix}Soak passed: ${did}; once they left, the servers came back to their start levels${settled}: ${levels}` +
      `${redis ? `; Redis entries ${redis.start} → ${redis.end}` : ""}${afterCycles}`;
  }
  const failed = r.checks.filter((c) => !c.passed).map((c) =>
    `${c.name}${c.process ? ` on ${c.process}` : ""}: ${c.start ?? "–"} → ${c.end ?? "–"} (limit ${c.limit})${c.skipped ? ` — ${c.skipped}` : ""}${c.note ? ` — ${c.note}` : ""}`);
  return `${prefix}Soak FAILED: ${failed.join("; ")}. ${did.charAt(0).toUpperCase()}${did.slice(1)}`;
}

export async function writeSoakReport(dir: string, report: SoakReport): Promise<{ json: string; html: string }> {
  await mkdir(dir, { recursive: true });
  const json = path.join(dir, "soak.json");
  const html = path.join(dir, "soak.html");
  await writeFile(json, JSON.stringify(report, null, 2) + "\n");
  await writeFile(html, renderSoakHtml(report));
  return { json, html };
}

/** Resolves after `ms`, or at once when the signal aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const onAbort = () => { clearTimeout(timer); resolve(); };
    const timer = setTimeout(() => { signal?.removeEventListener("abort", onAbort); resolve(); }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
