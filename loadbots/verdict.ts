// The report's first line: the answer of the run in one sentence. A capacity search says
// how many players held the budget, which step broke it and which side ran out of CPU
// first; a plain run says what it showed, what one server core would hold at that load
// (labelled as an estimate) and how to measure it. Also the capacity curve as text, for
// the console.
import { judgeCapacityStep, SATURATED_MACHINE_CPU, SATURATED_SERVER_CPU, saturationLoads, type CapacityResult, type CapacityStep, type SaturatedSide } from "./capacity.ts";
import { busiestServer, DISTURBING_OTHER_CPU, type Report } from "./report.ts";

export type VerdictSource = Pick<Report, "durationSeconds" | "stopReason" | "parameters" | "summary" | "thresholds" | "capacity">;

export function reportVerdict(report: VerdictSource): string {
  const text = report.capacity ? capacityVerdict(report.capacity, report) : runVerdict(report);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Milliseconds as a reader wants them at a glance: 3, 48.8, 640. */
const ms = (v: number) => `${v >= 100 ? Math.round(v) : Number(v.toFixed(1))} ms`;

const SIDE_NAMES: Record<SaturatedSide, string> = { server: "the server process", bots: "the bots' workers", machine: "the whole machine" };

function capacityVerdict(c: CapacityResult, report: VerdictSource): string {
  const held = c.steps.filter((s) => s.passed && s.clients === c.largestHeldClients).at(-1);
  const parts = [held ? `held ${held.clients} players at p99 ${ms(held.rttP99Ms)}` : "no step held the budget"];
  if (c.brokeAtClients !== null) parts.push(`${c.brokeAtClients} broke the budget (${breakDetail(c, c.brokeAtClients)})`);
  else parts.push(searchEnd(report));
  const last = c.steps.at(-1);
  if (last) parts.push(saturationText(c, last, report));
  const outside = disturbance(Math.max(0, ...c.steps.map((s) => s.otherCpuPercentMean ?? 0)), "in its busiest window");
  if (outside) parts.push(outside);
  return parts.join("; ");
}

/** Outside load that disturbs the figures, said in the verdict so it is not read as the server's. */
const disturbance = (otherCpuPercent: number | null, when: string) =>
  otherCpuPercent !== null && otherCpuPercent > DISTURBING_OTHER_CPU
    ? `other processes took ${otherCpuPercent}% of the machine ${when}, so these figures are disturbed`
    : null;

/** Why a step broke: its p99 in each window when latency alone broke it, else the last window's reason. */
function breakDetail(c: CapacityResult, clients: number): string {
  const windows = c.steps.filter((s) => s.clients === clients);
  return windows.every((w) => brokeOnLatencyOnly(w, c))
    ? `p99 ${windows.map((w) => ms(w.rttP99Ms)).join(", then ")} > ${ms(c.p99BudgetMs)}`
    : windows.at(-1)!.reason ?? "unknown";
}

/** A window that would have held with no latency at all broke the p99 budget alone. */
const brokeOnLatencyOnly = (w: CapacityStep, c: CapacityResult) =>
  !w.passed && judgeCapacityStep({ ...w, rttP99Ms: 0 }, c.p99BudgetMs, c.errorBudget).passed;

/**
 * One window's outcome in a word or two: held, over the latency budget (the p99 is shown
 * beside it), or broken for another reason, given as it is.
 */
export function windowResult(w: CapacityStep, c: CapacityResult): string {
  const look = w.attempt > 1 ? " (second look)" : "";
  if (w.passed) return `held${look}`;
  return brokeOnLatencyOnly(w, c) ? `over budget${look}` : `broke${look}: ${w.reason}`;
}

/** How a search that no step broke ended: at --clients, or cut short. */
function searchEnd(report: VerdictSource): string {
  switch (report.stopReason) {
    case "time-cap": return `the ${report.parameters.durationSeconds} s time cap (--duration) ended the search before a step broke`;
    case "interrupted": return "the search was interrupted before a step broke";
    case "generator-failed": return "the load generator failed before a step broke";
    default: return `nothing broke it up to --clients ${report.parameters.clients}: raise --clients to find the limit`;
  }
}

function saturationText(c: CapacityResult, last: CapacityStep, report: VerdictSource): string {
  const first = c.firstSaturated;
  const names = serverNames(report);
  if (!first) return `nothing saturated (at ${last.clients} players: ${sideLoad("server", last, names)}, ${sideLoad("machine", last, names)}, ${sideLoad("bots", last, names)})`;
  const step = c.steps.find((s) => s.clients === first.clients && (saturationLoads(s)[first.side] ?? 0) >= 1) ?? last;
  const caveat = first.side === "bots" ? ": the limit found is the generator's, not the server's" : "";
  const side = first.side === "server" && names.length > 1 ? `the busiest of the ${names.length} server processes` : SIDE_NAMES[first.side];
  return `${side} saturated first (${sideLoad(first.side, step, names)} at ${step.clients} players)${caveat}`;
}

/** Each server process's label (host:port of its /metrics), in order; one entry for a single server. */
const serverNames = (report: VerdictSource): string[] => (report.summary.servers ?? []).map((s) => s.label);

function sideLoad(side: SaturatedSide, step: CapacityStep, names: readonly string[] = []): string {
  switch (side) {
    case "server":
      if (step.serverCpuPercentMean === null) return "server CPU unknown (no /metrics)";
      if (names.length > 1 && step.busiestServer !== undefined) return `busiest server ${names[step.busiestServer] ?? step.busiestServer} ${step.serverCpuPercentMean}% of a core`;
      return `server ${step.serverCpuPercentMean}% of a core`;
    case "machine": return `machine ${step.machineCpuPercentMean}% of all cores`;
    case "bots": return `busiest bot worker ELU ${step.maxWorkerElu}`;
  }
}

function runVerdict(report: VerdictSource): string {
  const s = report.summary;
  if (s.joins.ok === 0) return `no bot joined (${s.errors.messages[0]?.message ?? "no error reported"}): nothing was measured`;
  const seconds = Math.round(report.durationSeconds);
  const rtt = s.rttSteadyMs ?? s.rttMs;
  const p99 = `p99 ${ms(rtt.p99)}${s.rttSteadyMs ? "" : " (whole run, ramp included)"}`;
  const errors = `${s.errors.total} error${s.errors.total === 1 ? "" : "s"}`;
  const parts = [s.joins.ok === s.targetClients && s.errors.total === 0
    ? `${s.joins.ok} bots held ${p99} for ${seconds} s with ${errors}`
    : `${s.joins.ok} of ${s.targetClients} bots joined; ${p99} over ${seconds} s with ${errors}`];
  const perPlayer = s.server.cpuMsPerClientSecond;
  const servers = s.servers ?? [];
  if (servers.length > 1) {
    parts.push(clusterLoad(servers, perPlayer));
  } else if (perPlayer !== null && perPlayer > 0) {
    parts.push(`the server used ${s.server.cpuPercentMean}% of a core, ≈ ${Number(perPlayer.toPrecision(2))} ms CPU per player-second, ` +
      `so one core would hold about ${estimatedPlayersPerCore(perPlayer)} players at this load ` +
      `(an estimate, to ${SATURATED_SERVER_CPU}% of a core) — run --find-capacity to measure it`);
  } else {
    parts.push(`server CPU unknown (no /metrics from ${s.server.metricsUrl}) — run --find-capacity to measure the capacity`);
  }
  if (s.generator.saturated) parts.push("the bots were saturated, so part of that latency is theirs");
  if (s.machine.cpuPercentMean >= SATURATED_MACHINE_CPU) parts.push(`the machine was ${s.machine.cpuPercentMean}% busy`);
  const outside = disturbance(s.machine.otherCpuPercentMean, "on average");
  if (outside) parts.push(outside);
  const failed = report.thresholds.checks.filter((check) => !check.passed);
  const prefix = [
    report.stopReason === "interrupted" ? "interrupted: " : "",
    report.stopReason === "generator-failed" ? "the load generator failed (see its problems): " : "",
    failed.length > 0 ? `FAILED ${failed.map((check) => `--${check.name} (${check.actual} > ${check.limit})`).join(", ")}: ` : "",
  ].join("");
  return prefix + parts.join("; ");
}

/**
 * The servers' side of a run over several processes: their CPU together and the busiest
 * one (the one that saturates first, its rooms sharing its one thread), and the estimate
 * per core from their CPU per player-second.
 */
function clusterLoad(servers: Report["summary"]["servers"], perPlayer: number | null): string {
  const busiest = busiestServer(servers);
  const missing = servers.filter((s) => !s.available).map((s) => s.label);
  const unread = missing.length > 0 ? ` (no /metrics from ${missing.join(", ")})` : "";
  if (!busiest || perPlayer === null || perPlayer <= 0) {
    return `the ${servers.length} servers' CPU is unknown${unread} — run --find-capacity to measure the capacity`;
  }
  const total = Math.round(servers.reduce((sum, s) => sum + s.cpuPercentMean, 0) * 10) / 10;
  return `the ${servers.length} servers used ${total}% of a core together, the busiest (${busiest.label}) ${busiest.cpuPercentMean}% with ${busiest.clientsMean} clients on average${unread}, ` +
    `≈ ${Number(perPlayer.toPrecision(2))} ms CPU per player-second, so one core would hold about ${estimatedPlayersPerCore(perPlayer)} players at this load ` +
    `(an estimate, to ${SATURATED_SERVER_CPU}% of a core) — run --find-capacity to measure it`;
}

/**
 * Players one server core would hold at the measured CPU per player-second, up to the
 * capacity search's saturation mark, to two significant figures: a linear extrapolation,
 * so only an estimate.
 */
export function estimatedPlayersPerCore(cpuMsPerPlayerSecond: number): number {
  const players = (SATURATED_SERVER_CPU * 10) / cpuMsPerPlayerSecond; // percent of a core is 10 ms of CPU per second
  return Number(players.toPrecision(2));
}

/** Columns of the console bar at which the p99 budget sits, and the most a bar may take. */
const BAR_AT_BUDGET = 30;
const BAR_MAX = 45;

/**
 * The capacity curve for the console: one line per window, p99 against players, with a
 * bar scaled so the budget falls at a fixed column (marked │).
 */
export function capacityCurveLines(c: CapacityResult): string[] {
  const lines = [`Round-trip p99 against players (budget ${c.p99BudgetMs} ms at │):`];
  for (const step of c.steps) {
    const filled = Math.round((step.rttP99Ms / c.p99BudgetMs) * BAR_AT_BUDGET);
    const cells = Array.from({ length: Math.max(BAR_AT_BUDGET + 1, Math.min(BAR_MAX, filled)) }, (_, i) =>
      i === BAR_AT_BUDGET ? "│" : i < filled ? "█" : " ");
    lines.push(`  ${String(step.clients).padStart(6)} players  p99 ${step.rttP99Ms.toFixed(1).padStart(7)} ms  ${cells.join("")}${filled > BAR_MAX ? "»" : ""}  ${windowResult(step, c)}`);
  }
  return lines;
}
