// The run's report: one JSON document (a one-line verdict, parameters, machine, summary,
// threshold checks, capacity steps, per-second timeline) written as report.json and
// rendered as report.html.
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { errorCount, type ServerPoint, type SwarmAggregate, type SwarmCounters, type TimelinePoint } from "./aggregate.ts";
import type { CapacityResult } from "./capacity.ts";
import { SATURATED_ELU } from "./capacity.ts";
import type { HistogramSummary } from "./histogram.ts";
import { serverLabel } from "./metricsProbe.ts";
import type { SwarmOptions } from "./options.ts";
import { renderHtml } from "./reportHtml.ts";
import type { StopReason } from "./session.ts";
import { cpuMsPerClientSecond, meanAndMax, perClientPerSecond, roundTo } from "./stats.ts";
import { reportVerdict } from "./verdict.ts";

/** A generator whose timers skipped more than this share of input ticks could not keep its schedule. */
const SATURATED_MISSED_TICK_SHARE = 0.02;

export const TRAFFIC_COUNTING =
  "WebSocket message payload bytes seen by the SDK connection (join handshake included); excludes WebSocket frame headers, TCP/IP and the HTTP matchmaking request.";

export const DECODE_COUNTING =
  "Every bot decoded its own view (per-client state) and its own SHOTS messages. Time is performance.now() around the SDK serializer's setState (full states) and patch (patches) of each bot's own room, and around decodeShots; per bot-second is over the time bots were connected; µs per patch counts patches only.";

export interface MachineInfo {
  hostname: string;
  platform: string;
  release: string;
  arch: string;
  cpuModel: string;
  cpuCount: number;
  totalMemoryBytes: number;
  node: string;
}

export interface ThresholdCheck {
  name: string;
  limit: number;
  actual: number;
  passed: boolean;
}

/** One server process's figures over the run (report.summary.servers). */
export interface ServerProcessSummary {
  /** host:port of its /metrics endpoint. */
  label: string;
  metricsUrl: string;
  available: boolean;
  samples: number;
  cpuPercentMean: number;
  cpuPercentMax: number;
  eventLoopUtilizationMean: number | null;
  eventLoopUtilizationMax: number | null;
  tickP99MsMax: number;
  clientsMean: number;
  clientsMax: number;
  roomsMax: number;
  rssBytesMax: number;
  /** Its CPU per client-second it served (ms). */
  cpuMsPerClientSecond: number | null;
}

export interface DecodeSummary {
  counting: string;
  /** Decode time of every bot, full states, patches and SHOTS messages, ms. */
  totalMs: number;
  /** That over the connected bot-seconds: what decoding costs one bot. */
  msPerBotSecond: number | null;
  /** That as a share (0–1) of the bot process's CPU per bot-second. */
  shareOfBotCpu: number | null;
  /** Decode time per patch, µs. */
  usPerPatch: HistogramSummary;
  patches: number;
  fullStates: number;
  shotMessages: number;
  /** State bytes handed to the decoder per connected bot-second. */
  stateBytesPerBotSecond: number;
}

export interface Report {
  tool: "skirmish-loadbots";
  /** The answer in one line: what the capacity search found, or what this run showed (see verdict.ts). */
  verdict: string;
  startedAt: string;
  endedAt: string;
  durationSeconds: number;
  stopReason: StopReason;
  parameters: SwarmOptions & { workersUsed: number; metricsUrl: string; metricsUrls: string[] };
  machine: MachineInfo;
  summary: {
    targetClients: number;
    peakConnected: number;
    connectedBeforeStop: number;
    joins: { ok: number; failed: number; latencyMs: HistogramSummary };
    rttMs: HistogramSummary;
    /** RTT after the ramp (all joins settled); null when the run never got there. */
    rttSteadyMs: HistogramSummary | null;
    steadyFromSeconds: number | null;
    echoes: { sent: number; received: number };
    /** Chat lines received are split: what players said, and the room's system lines (joins, leaves). */
    chat: { sent: number; playerLinesReceived: number; systemLinesReceived: number; rejected: number };
    expectedPatchIntervalMs: number;
    patchIntervalMs: HistogramSummary;
    patchJitterMs: HistogramSummary;
    traffic: {
      bytesInPerClientPerSecond: number;
      bytesOutPerClientPerSecond: number;
      messagesInPerSecond: number;
      messagesOutPerSecond: number;
      totalBytesIn: number;
      totalBytesOut: number;
      connectedClientSeconds: number;
      counting: string;
    };
    errors: { total: number; joinFailures: number; roomErrors: number; unexpectedLeaves: number; messages: { message: string; count: number }[] };
    drops: number;
    reconnects: number;
    killsHeard: number;
    generator: {
      processCpuPercentMean: number;
      processCpuPercentMax: number;
      /** The bot process's CPU per connected bot-second (ms): what one more bot costs the generator. */
      cpuMsPerBotSecond: number | null;
      /** Per worker thread: event-loop utilization, and its own CPU (% of one core) where Node can tell, else null. */
      workers: { index: number; eluMean: number; eluMax: number; cpuPercentMean: number | null }[];
      inputTimerLagMs: HistogramSummary;
      /** Input ticks a worker's timer skipped because it fell more than a period behind, summed over workers. */
      missedInputTicks: number;
      /** Those as a share of the ticks the workers should have run (0–1). */
      missedInputTickShare: number;
      /** The bots decoding their room states: every bot decodes its own view (see DECODE_COUNTING). */
      decode: DecodeSummary;
      saturated: boolean;
      failures: string[];
    };
    /** The whole machine the bots ran on (the server too, when it is local). */
    machine: { cpuPercentMean: number; cpuPercentMax: number; otherCpuPercentMean: number | null };
    /**
     * The server side. With several processes (--url or --metrics-url given several times)
     * these are their totals: CPU, clients, rooms and RSS added up each second, tick times
     * and event-loop utilization of the busiest; `servers` has each process.
     */
    server: {
      metricsUrl: string;
      /** Server processes read (one per /metrics endpoint). */
      processes: number;
      available: boolean;
      samples: number;
      tickP99MsMean: number;
      tickP99MsMax: number;
      cpuPercentMean: number;
      cpuPercentMax: number;
      /** Event-loop utilization (0–1) of the server process, mean and max; null when its /metrics lacks it. */
      eventLoopUtilizationMean: number | null;
      eventLoopUtilizationMax: number | null;
      /** The server's CPU per client-second it served (ms), from its own client count: what one more player costs it. */
      cpuMsPerClientSecond: number | null;
      rssBytesMax: number;
    };
    /** Each server process, in --metrics-url (or --url) order; one entry for a single server. */
    servers: ServerProcessSummary[];
  };
  thresholds: { checks: ThresholdCheck[]; passed: boolean };
  /** Plain-language notes on what may have distorted the numbers, and what to do. */
  hints: string[];
  capacity: CapacityResult | null;
  timeline: TimelinePoint[];
}

export interface ReportInput {
  options: SwarmOptions;
  workersUsed: number;
  metricsUrl: string;
  /** Every server process's /metrics endpoint; [metricsUrl] when absent. */
  metricsUrls?: string[];
  startedAtMs: number;
  endedAtMs: number;
  stopReason: StopReason;
  plannedBots: number;
  connectedBeforeStop: number;
  steadyFromSeconds: number | null;
  aggregate: SwarmAggregate;
  timeline: TimelinePoint[];
  generatorFailures: string[];
  capacity: CapacityResult | null;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    platform: os.platform(),
    release: os.release(),
    arch: os.arch(),
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cpuCount: cpus.length,
    totalMemoryBytes: os.totalmem(),
    node: process.version,
  };
}

export function buildReport(input: ReportInput): Report {
  const { aggregate, timeline, options } = input;
  const metricsUrls = input.metricsUrls && input.metricsUrls.length > 0 ? input.metricsUrls : [input.metricsUrl];
  const counters = aggregate.counters();
  const durationSeconds = roundTo((input.endedAtMs - input.startedAtMs) / 1000, 2);
  const rttSteady = aggregate.totals.rttSteady.count > 0 ? aggregate.totals.rttSteady.summary() : null;
  const workers = Array.from({ length: input.workersUsed }, (_, index) => {
    const elu = meanAndMax(timeline.map((p) => p.workerElu[index]));
    const cpu = timeline.flatMap((p) => p.workerCpuPercent[index] ?? []);
    const cpuPercentMean = cpu.length > 0 ? roundTo(meanAndMax(cpu).mean, 1) : null;
    return { index, eluMean: roundTo(elu.mean, 3), eluMax: roundTo(elu.max, 3), cpuPercentMean };
  });
  const botCpu = meanAndMax(timeline.map((p) => p.botCpuPercent));
  const machineCpu = meanAndMax(timeline.map((p) => p.machineCpuPercent));
  const serverPoints = timeline.flatMap((p) => (p.server ? [p.server] : []));
  const tick = meanAndMax(serverPoints.map((s) => s.tickP99Ms));
  const serverCpu = meanAndMax(serverPoints.map((s) => s.cpuPercent));
  const serverElus = serverPoints.flatMap((s) => s.eventLoopUtilization ?? []);
  const serverElu = serverElus.length > 0 ? meanAndMax(serverElus) : null;
  const inputTimerLag = aggregate.totals.tickLag.summary();
  const inputPeriodMs = 1000 / options.inputHz;
  const expectedTicks = input.workersUsed * durationSeconds * options.inputHz;
  const missedShare = expectedTicks > 0 ? counters.missedTicks / expectedTicks : 0;
  const cpuMsPerBotSecond = cpuMsPerClientSecond(timeline.map((p) => ({ cpuPercent: p.botCpuPercent, clients: p.connected })));

  const summary: Report["summary"] = {
    targetClients: input.plannedBots,
    peakConnected: Math.max(0, ...timeline.map((p) => p.connected)),
    connectedBeforeStop: input.connectedBeforeStop,
    joins: { ok: counters.joinsOk, failed: counters.joinFailures, latencyMs: aggregate.totals.join.summary() },
    rttMs: aggregate.totals.rtt.summary(),
    rttSteadyMs: rttSteady,
    steadyFromSeconds: input.steadyFromSeconds,
    echoes: { sent: counters.echoesSent, received: counters.echoesReceived },
    chat: {
      sent: counters.chatSent,
      playerLinesReceived: counters.chatPlayerLinesReceived,
      systemLinesReceived: counters.chatSystemLinesReceived,
      rejected: counters.chatRejected,
    },
    expectedPatchIntervalMs: aggregate.expectedPatchIntervalMs,
    patchIntervalMs: aggregate.totals.patchInterval.summary(),
    patchJitterMs: aggregate.totals.patchJitter.summary(),
    traffic: {
      bytesInPerClientPerSecond: Math.round(perClientPerSecond(counters.bytesIn, aggregate.connectedClientSeconds)),
      bytesOutPerClientPerSecond: Math.round(perClientPerSecond(counters.bytesOut, aggregate.connectedClientSeconds)),
      messagesInPerSecond: durationSeconds > 0 ? Math.round(counters.messagesIn / durationSeconds) : 0,
      messagesOutPerSecond: durationSeconds > 0 ? Math.round(counters.messagesOut / durationSeconds) : 0,
      totalBytesIn: counters.bytesIn,
      totalBytesOut: counters.bytesOut,
      connectedClientSeconds: Math.round(aggregate.connectedClientSeconds),
      counting: TRAFFIC_COUNTING,
    },
    errors: {
      total: errorCount(counters),
      joinFailures: counters.joinFailures,
      roomErrors: counters.roomErrors,
      unexpectedLeaves: counters.unexpectedLeaves,
      messages: aggregate.errorMessages(),
    },
    drops: counters.drops,
    reconnects: counters.reconnects,
    killsHeard: counters.kills,
    generator: {
      processCpuPercentMean: roundTo(botCpu.mean, 1),
      processCpuPercentMax: roundTo(botCpu.max, 1),
      cpuMsPerBotSecond: roundOrNull(cpuMsPerBotSecond, 3),
      workers,
      inputTimerLagMs: inputTimerLag,
      missedInputTicks: roundTo(counters.missedTicks, 1),
      missedInputTickShare: roundTo(missedShare, 4),
      decode: decodeSummary(counters, aggregate, cpuMsPerBotSecond),
      saturated: workers.some((w) => w.eluMean >= SATURATED_ELU) || inputTimerLag.p99 > inputPeriodMs || missedShare > SATURATED_MISSED_TICK_SHARE,
      failures: input.generatorFailures,
    },
    machine: {
      cpuPercentMean: roundTo(machineCpu.mean, 1),
      cpuPercentMax: roundTo(machineCpu.max, 1),
      otherCpuPercentMean: timeline.some((p) => p.otherCpuPercent !== null) ? roundTo(meanAndMax(timeline.map((p) => p.otherCpuPercent)).mean, 1) : null,
    },
    server: {
      metricsUrl: input.metricsUrl,
      available: serverPoints.length > 0,
      samples: serverPoints.length,
      tickP99MsMean: roundTo(tick.mean, 3),
      tickP99MsMax: roundTo(tick.max, 3),
      cpuPercentMean: roundTo(serverCpu.mean, 1),
      cpuPercentMax: roundTo(serverCpu.max, 1),
      eventLoopUtilizationMean: serverElu && roundTo(serverElu.mean, 3),
      eventLoopUtilizationMax: serverElu && roundTo(serverElu.max, 3),
      cpuMsPerClientSecond: roundOrNull(cpuMsPerClientSecond(serverPoints), 3),
      rssBytesMax: Math.max(0, ...serverPoints.map((s) => s.rssBytes)),
      processes: metricsUrls.length,
    },
    servers: metricsUrls.map((url, index) => serverProcessSummary(url, timeline.flatMap((p) => {
      const point = metricsUrls.length === 1 ? p.server : p.servers?.[index];
      return point ? [point] : [];
    }))),
  };

  const parameters = { ...options, workersUsed: input.workersUsed, metricsUrl: input.metricsUrl, metricsUrls };
  const thresholds = checkThresholds(options, summary);
  const verdict = reportVerdict({ durationSeconds, stopReason: input.stopReason, parameters, summary, thresholds, capacity: input.capacity });
  return {
    tool: "skirmish-loadbots",
    verdict,
    startedAt: new Date(input.startedAtMs).toISOString(),
    endedAt: new Date(input.endedAtMs).toISOString(),
    durationSeconds,
    stopReason: input.stopReason,
    parameters,
    machine: machineInfo(),
    summary,
    thresholds,
    hints: runHints(summary),
    capacity: input.capacity,
    timeline,
  };
}

export function decodeSummary(counters: SwarmCounters, aggregate: SwarmAggregate, cpuMsPerBotSecond: number | null): DecodeSummary {
  const botSeconds = aggregate.connectedClientSeconds;
  const msPerBotSecond = botSeconds > 0 ? counters.decodeMs / botSeconds : null;
  return {
    counting: DECODE_COUNTING,
    totalMs: roundTo(counters.decodeMs, 1),
    msPerBotSecond: roundOrNull(msPerBotSecond, 4),
    shareOfBotCpu: msPerBotSecond !== null && cpuMsPerBotSecond ? roundTo(msPerBotSecond / cpuMsPerBotSecond, 3) : null,
    usPerPatch: roundSummary(aggregate.totals.patchDecodeUs.summary(), 1),
    patches: counters.patchesDecoded,
    fullStates: counters.fullStatesDecoded,
    shotMessages: counters.shotMessagesDecoded,
    stateBytesPerBotSecond: Math.round(perClientPerSecond(counters.stateBytesDecoded, botSeconds)),
  };
}

export function serverProcessSummary(metricsUrl: string, points: readonly ServerPoint[]): ServerProcessSummary {
  const cpu = meanAndMax(points.map((s) => s.cpuPercent));
  const elus = points.flatMap((s) => s.eventLoopUtilization ?? []);
  const elu = elus.length > 0 ? meanAndMax(elus) : null;
  const clients = meanAndMax(points.map((s) => s.clients));
  return {
    label: serverLabel(metricsUrl),
    metricsUrl,
    available: points.length > 0,
    samples: points.length,
    cpuPercentMean: roundTo(cpu.mean, 1),
    cpuPercentMax: roundTo(cpu.max, 1),
    eventLoopUtilizationMean: elu && roundTo(elu.mean, 3),
    eventLoopUtilizationMax: elu && roundTo(elu.max, 3),
    tickP99MsMax: roundTo(Math.max(0, ...points.map((s) => s.tickP99Ms)), 3),
    clientsMean: roundTo(clients.mean, 1),
    clientsMax: clients.max,
    roomsMax: Math.max(0, ...points.map((s) => s.rooms)),
    rssBytesMax: Math.max(0, ...points.map((s) => s.rssBytes)),
    cpuMsPerClientSecond: roundOrNull(cpuMsPerClientSecond(points), 3),
  };
}

/** The busiest of several server processes by mean CPU; null with one process or none measured. */
export function busiestServer(servers: readonly ServerProcessSummary[]): ServerProcessSummary | null {
  const measured = servers.filter((s) => s.available);
  if (servers.length < 2 || measured.length === 0) return null;
  return measured.reduce((a, b) => (b.cpuPercentMean > a.cpuPercentMean ? b : a));
}

/** Other processes using more than this share of the machine (percent of all cores) disturb the numbers. */
export const DISTURBING_OTHER_CPU = 15;

export function runHints(summary: Pick<Report["summary"], "errors" | "generator" | "machine">): string[] {
  const hints: string[] = [];
  if (summary.errors.messages.some((e) => /too many (join attempts|connections) from this address/.test(e.message))) {
    hints.push("The server limits joins and connections per client address, and every bot shares this machine's address: " +
      "start it with MAX_JOINS_PER_IP_PER_MINUTE=0 MAX_CONNECTIONS_PER_IP=0 for a load test.");
  }
  if (summary.generator.saturated) {
    hints.push("The load generator was saturated (a worker's event loop was nearly always busy, or its input timer ran late or skipped ticks): " +
      "latency includes the bots' own queueing. Use more --workers, another machine, or fewer bots.");
  }
  const other = summary.machine.otherCpuPercentMean;
  if (other !== null && other > DISTURBING_OTHER_CPU) {
    hints.push(`Other processes used ${other}% of this machine's CPU on average: latency and capacity figures are disturbed.`);
  }
  return hints;
}

/**
 * --max-p99-rtt is checked against the steady-state p99 (the whole run's when there was
 * no steady phase). A capacity search pushes past its budgets on purpose, so it has no
 * run verdict: there --max-errors is the per-step error budget.
 */
export function checkThresholds(options: Pick<SwarmOptions, "maxP99RttMs" | "maxErrors" | "findCapacity">, summary: Pick<Report["summary"], "rttMs" | "rttSteadyMs" | "errors">): Report["thresholds"] {
  const checks: ThresholdCheck[] = [];
  if (options.findCapacity) return { checks, passed: true };
  if (options.maxP99RttMs !== null) {
    const actual = (summary.rttSteadyMs ?? summary.rttMs).p99;
    checks.push({ name: "max-p99-rtt", limit: options.maxP99RttMs, actual, passed: actual <= options.maxP99RttMs });
  }
  if (options.maxErrors !== null) {
    const actual = summary.errors.total;
    checks.push({ name: "max-errors", limit: options.maxErrors, actual, passed: actual <= options.maxErrors });
  }
  return { checks, passed: checks.every((c) => c.passed) };
}

export async function writeReport(dir: string, report: Report): Promise<{ json: string; html: string }> {
  await mkdir(dir, { recursive: true });
  const json = path.join(dir, "report.json");
  const html = path.join(dir, "report.html");
  await writeFile(json, JSON.stringify(report, null, 2) + "\n");
  await writeFile(html, renderHtml(report));
  return { json, html };
}

/** A summary's values to `digits` decimals (a tenth of a µs is plenty for decode times). */
const roundSummary = (h: HistogramSummary, digits: number): HistogramSummary => ({
  count: h.count, mean: roundTo(h.mean, digits), min: roundTo(h.min, digits), p50: roundTo(h.p50, digits),
  p95: roundTo(h.p95, digits), p99: roundTo(h.p99, digits), max: roundTo(h.max, digits),
});

const roundOrNull = (value: number | null, digits: number) => (value === null ? null : roundTo(value, digits));
