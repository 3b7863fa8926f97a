// Capacity search: add bots in fixed steps; after each step's joins settle, hold a
// steady window and judge it against the round-trip p99 and error budgets. A window
// that breaks the latency budget is measured once more before the step counts as
// broken, so one burst of outside load does not end the search. The answer is the
// largest swarm whose window held.
import { errorCount, type TimelinePoint } from "./aggregate.ts";
import type { SwarmOptions } from "./options.ts";
import { planBots, wholeRooms, type PlanShape } from "./plan.ts";
import type { RunSession } from "./session.ts";
import { meanAndMax, roundTo } from "./stats.ts";
import { JOIN_TIMEOUT_MS } from "./swarm.ts";

/** A worker busier than this (event-loop utilization) may be the bottleneck itself. */
export const SATURATED_ELU = 0.9;
/** A machine busier than this (percent of all cores) leaves the server no headroom. */
export const SATURATED_MACHINE_CPU = 90;
/** A server process busier than this (percent of one core) is near its limit: its rooms share one thread. */
export const SATURATED_SERVER_CPU = 85;
/** Windows a step gets to hold its latency budget. */
const WINDOW_ATTEMPTS = 2;

export interface CapacityStep {
  clients: number;
  /** 1 for the step's first window, 2 for its second look after breaking the latency budget. */
  attempt: number;
  connected: number;
  rttP99Ms: number;
  rttSamples: number;
  /** Errors from the start of the step's ramp to the end of its window. */
  newErrors: number;
  /** Busiest worker's mean event-loop utilization over the window. */
  maxWorkerElu: number;
  /** The server process's mean CPU over the window, % of one core; with several processes, the busiest one's. */
  serverCpuPercentMean: number | null;
  /** With several server processes: which one was the busiest (index into report.summary.servers). */
  busiestServer?: number;
  /** Percent of all cores of the machine the bots run on. */
  machineCpuPercentMean: number;
  /** Of that, what other processes took (see TimelinePoint.otherCpuPercent). */
  otherCpuPercentMean: number | null;
  passed: boolean;
  reason: string | null;
}

export interface CapacityResult {
  p99BudgetMs: number;
  errorBudget: number;
  stepSize: number;
  windowSeconds: number;
  steps: CapacityStep[];
  largestHeldClients: number;
  /** The step that broke a budget and ended the search; null when it ended at --clients or early (time cap, Ctrl-C). */
  brokeAtClients: number | null;
  stoppedBecause: string;
  /** The load generator was saturated during the step that decided the result. */
  generatorSaturated: boolean;
  /** The machine's cores were nearly all busy during that step (bots and a local server compete for them). */
  machineSaturated: boolean;
  /** The server process was near a full core during that step (from its /metrics). */
  serverSaturated: boolean;
  /** The side that reached its saturation threshold at the earliest window of the search; null when none did. */
  firstSaturated: { side: SaturatedSide; clients: number } | null;
}

/** Who can run out of CPU in a load test: the server process, the bots' worker threads, or the machine they share. */
export type SaturatedSide = "server" | "bots" | "machine";

/**
 * How close each side came to its saturation threshold in one window (1 = at it); null
 * when unknown (no server /metrics).
 */
export function saturationLoads(step: Pick<CapacityStep, "serverCpuPercentMean" | "maxWorkerElu" | "machineCpuPercentMean">): { server: number | null; bots: number; machine: number } {
  return {
    server: step.serverCpuPercentMean === null ? null : step.serverCpuPercentMean / SATURATED_SERVER_CPU,
    bots: step.maxWorkerElu / SATURATED_ELU,
    machine: step.machineCpuPercentMean / SATURATED_MACHINE_CPU,
  };
}

/**
 * The side that saturated first: the earliest window where a side reached its threshold,
 * and of several there, the one furthest past it (a local server at 89% of its core with
 * the machine at 91% of both: the server ran out first).
 */
export function firstSaturated(steps: readonly CapacityStep[]): CapacityResult["firstSaturated"] {
  for (const step of steps) {
    const over = (Object.entries(saturationLoads(step)) as [SaturatedSide, number | null][])
      .filter((entry): entry is [SaturatedSide, number] => entry[1] !== null && entry[1] >= 1)
      .sort((a, b) => b[1] - a[1]);
    if (over.length > 0) return { side: over[0][0], clients: step.clients };
  }
  return null;
}

export interface StepMeasurement {
  clients: number;
  connected: number;
  rttP99Ms: number;
  rttSamples: number;
  newErrors: number;
}

export function judgeCapacityStep(m: StepMeasurement, p99BudgetMs: number, errorBudget: number): { passed: boolean; reason: string | null } {
  if (m.newErrors > errorBudget) return { passed: false, reason: `${m.newErrors} errors > budget ${errorBudget}` };
  if (m.connected < m.clients - errorBudget) return { passed: false, reason: `only ${m.connected} of ${m.clients} connected` };
  if (m.rttSamples === 0) return { passed: false, reason: "no round-trip samples" };
  if (m.rttP99Ms > p99BudgetMs) return { passed: false, reason: `RTT p99 ${m.rttP99Ms} ms > budget ${p99BudgetMs} ms` };
  return { passed: true, reason: null };
}

export async function searchCapacity(session: RunSession, options: SwarmOptions, shape: PlanShape): Promise<CapacityResult> {
  const errorBudget = options.maxErrors ?? 0;
  const result: CapacityResult = {
    p99BudgetMs: options.p99BudgetMs,
    errorBudget,
    stepSize: options.capacityStep,
    windowSeconds: options.capacityWindowSeconds,
    steps: [],
    largestHeldClients: 0,
    brokeAtClients: null,
    stoppedBecause: `reached --clients ${options.clients}`,
    generatorSaturated: false,
    machineSaturated: false,
    serverSaturated: false,
    firstSaturated: null,
  };
  await runSteps(session, options, shape, result);
  result.firstSaturated = firstSaturated(result.steps);
  return result;
}

/** Adds steps until one breaks, --clients is reached or the run ends; fills in `result` as it goes. */
async function runSteps(session: RunSession, options: SwarmOptions, shape: PlanShape, result: CapacityResult): Promise<void> {
  const aggregate = session.swarm.aggregate;
  const errorBudget = result.errorBudget;
  const interrupted = () => `run ended early (${session.stopReason})`;

  let clients = 0;
  while (clients < options.clients) {
    const errorsBefore = errorCount(aggregate.counters());
    const add = wholeRooms(clients + options.capacityStep, shape) - clients;
    session.addBots(planBots(shape, clients, add, session.elapsedMs));
    clients += add;

    // Ramp: until every join of the step has settled, within a bound.
    const rampDeadlineMs = session.elapsedMs + (add / options.rampPerSecond) * 1000 + JOIN_TIMEOUT_MS;
    let settled = false;
    while (!settled && session.elapsedMs < rampDeadlineMs) {
      if (!(await session.nextSecond())) { result.stoppedBecause = interrupted(); return; }
      const c = aggregate.counters();
      settled = session.target() === clients && c.joinsOk + c.joinFailures >= clients;
    }

    let step: CapacityStep | undefined;
    for (let attempt = 1; attempt <= WINDOW_ATTEMPTS; attempt++) {
      aggregate.resetWindow();
      const windowStart = session.timeline.length;
      for (let s = 0; s < options.capacityWindowSeconds; s++) {
        if (!(await session.nextSecond())) { result.stoppedBecause = interrupted(); return; }
      }
      step = measureStep(session.timeline.slice(windowStart), clients, attempt, aggregate.counters().connected,
        aggregate.window.percentile(99), aggregate.window.count, errorCount(aggregate.counters()) - errorsBefore);
      Object.assign(step, judgeCapacityStep(step, options.p99BudgetMs, errorBudget));
      result.steps.push(step);
      const loads = saturationLoads(step);
      result.generatorSaturated = loads.bots >= 1;
      result.machineSaturated = loads.machine >= 1;
      result.serverSaturated = (loads.server ?? 0) >= 1;
      // Errors and lost bots are not a passing burst: only latency gets a second look.
      if (step.passed || step.newErrors > errorBudget || step.connected < clients - errorBudget) break;
    }
    if (!step!.passed) {
      result.brokeAtClients = clients;
      result.stoppedBecause = `${clients} clients broke the budget: ${step!.reason}`;
      break;
    }
    result.largestHeldClients = clients;
  }
}

function measureStep(window: TimelinePoint[], clients: number, attempt: number, connected: number, rttP99Ms: number, rttSamples: number, newErrors: number): CapacityStep {
  const workers = Math.max(0, ...window.map((p) => p.workerElu.length));
  let maxWorkerElu = 0;
  for (let w = 0; w < workers; w++) maxWorkerElu = Math.max(maxWorkerElu, meanAndMax(window.map((p) => p.workerElu[w])).mean);
  const serverCpu = window.map((p) => p.server?.cpuPercent);
  const busiest = busiestInWindow(window);
  return {
    clients,
    attempt,
    connected,
    rttP99Ms,
    rttSamples,
    newErrors,
    maxWorkerElu: roundTo(maxWorkerElu, 3),
    serverCpuPercentMean: busiest ? busiest.cpuPercentMean : serverCpu.some((v) => typeof v === "number") ? roundTo(meanAndMax(serverCpu).mean, 1) : null,
    ...(busiest ? { busiestServer: busiest.index } : {}),
    machineCpuPercentMean: roundTo(meanAndMax(window.map((p) => p.machineCpuPercent)).mean, 1),
    otherCpuPercentMean: window.some((p) => p.otherCpuPercent !== null) ? roundTo(meanAndMax(window.map((p) => p.otherCpuPercent)).mean, 1) : null,
    passed: false,
    reason: null,
  };
}

/**
 * With several server processes, the one with the highest mean CPU over the window: its
 * rooms share its one thread, so it saturates first, whatever the others do. Null with
 * one process, or when none reported CPU.
 */
export function busiestInWindow(window: readonly TimelinePoint[]): { index: number; cpuPercentMean: number } | null {
  const processes = Math.max(0, ...window.map((p) => p.servers?.length ?? 0));
  let best: { index: number; cpuPercentMean: number } | null = null;
  for (let index = 0; index < processes; index++) {
    const cpu = window.map((p) => p.servers?.[index]?.cpuPercent);
    if (!cpu.some((v) => typeof v === "number")) continue;
    const mean = roundTo(meanAndMax(cpu).mean, 1);
    if (!best || mean > best.cpuPercentMean) best = { index, cpuPercentMean: mean };
  }
  return best;
}
