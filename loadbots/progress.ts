// The live status line: rewritten in place every second on a terminal, one plain line
// per second otherwise (logs, CI).
import type { TimelinePoint } from "./aggregate.ts";
import type { DecodeSummary, Report } from "./report.ts";
import { capacityCurveLines } from "./verdict.ts";

const fmt = (v: number, digits = 1) => (v >= 100 ? String(Math.round(v)) : v.toFixed(digits));
const kib = (bytes: number) => fmt(bytes / 1024);

export function progressLine(p: TimelinePoint, durationSeconds: number): string {
  const parts = [
    `${String(Math.round(p.t)).padStart(4)}s/${durationSeconds}s`,
    `clients ${p.connected}/${p.target}`,
    p.rttMs.count > 0 ? `rtt p50 ${fmt(p.rttMs.p50)} p99 ${fmt(p.rttMs.p99)} max ${fmt(p.rttMs.max)} ms` : "rtt –",
    p.connected > 0 ? `in ${kib(p.bytesInPerSec / p.connected)} out ${kib(p.bytesOutPerSec / p.connected)} KiB/s/client` : "in – out –",
    `err ${p.errors} drop ${p.drops}`,
    `bots cpu ${Math.round(p.botCpuPercent)}% elu ${p.workerElu.map((e) => e.toFixed(2)).join("/") || "–"}${workerCpuText(p.workerCpuPercent)}`,
    `machine ${Math.round(p.machineCpuPercent)}%${p.otherCpuPercent === null ? "" : ` (other ${Math.round(p.otherCpuPercent)}%)`}`,
    p.server
      ? `${p.servers ? `${p.servers.length} servers` : "server"} cpu ${p.server.cpuPercent === null ? "–" : Math.round(p.server.cpuPercent)}%${perProcessCpu(p)}${p.server.eventLoopUtilization === null ? "" : ` elu ${p.server.eventLoopUtilization.toFixed(2)}`} tick p99 ${fmt(p.server.tickP99Ms, 2)} ms rss ${Math.round(p.server.rssBytes / 2 ** 20)} MiB`
      : "server –",
  ];
  return parts.join(" | ");
}

/** " (41/39%)": each process's CPU, when there are several; "–" for one that did not answer. */
function perProcessCpu(p: TimelinePoint): string {
  if (!p.servers) return "";
  return ` (${p.servers.map((s) => (s?.cpuPercent == null ? "–" : Math.round(s.cpuPercent))).join("/")}%)`;
}

export class ProgressPrinter {
  private wroteInPlace = false;

  constructor(private readonly out: NodeJS.WriteStream, private readonly durationSeconds: number) {}

  update(point: TimelinePoint): void {
    const line = progressLine(point, this.durationSeconds);
    if (this.out.isTTY) {
      const width = this.out.columns ?? 200;
      this.out.write(`\r\x1b[2K${line.length > width ? line.slice(0, width - 1) : line}`);
      this.wroteInPlace = true;
    } else {
      this.out.write(line + "\n");
    }
  }

  /** Ends the in-place line so later output starts on a fresh one. */
  done(): void {
    if (this.wroteInPlace) this.out.write("\n");
    this.wroteInPlace = false;
  }
}

/** The few lines printed when a run ends, the verdict first; report.json and report.html have the rest. */
export function finalSummary(report: Report): string {
  const s = report.summary;
  const rtt = s.rttSteadyMs ?? s.rttMs;
  const lines = [
    report.verdict,
    `Run ${report.stopReason} after ${report.durationSeconds} s: ${s.joins.ok}/${s.targetClients} bots joined (peak ${s.peakConnected} connected), join p50 ${s.joins.latencyMs.p50} ms p99 ${s.joins.latencyMs.p99} ms.`,
    `Round trip${s.rttSteadyMs ? " (steady)" : ""}: p50 ${rtt.p50} p95 ${rtt.p95} p99 ${rtt.p99} max ${rtt.max} ms over ${rtt.count} probes; patch jitter p99 ${s.patchJitterMs.p99} ms (expected interval ${s.expectedPatchIntervalMs} ms).`,
    `Traffic per client: ${s.traffic.bytesInPerClientPerSecond} B/s in, ${s.traffic.bytesOutPerClientPerSecond} B/s out. Errors ${s.errors.total} (join ${s.errors.joinFailures}, room ${s.errors.roomErrors}, left ${s.errors.unexpectedLeaves}), drops ${s.drops}, reconnects ${s.reconnects}.`,
    `Chat: ${s.chat.sent} lines sent, ${s.chat.rejected} rejected; received ${s.chat.playerLinesReceived} player lines and ${s.chat.systemLinesReceived} system lines (joins, leaves).`,
    `Bots: CPU ${s.generator.processCpuPercentMean}% mean of one core${perClient(s.generator.cpuMsPerBotSecond, "bot")}, worker ELU ${s.generator.workers.map((w) => w.eluMean).join("/")}${workerCpuText(s.generator.workers.map((w) => w.cpuPercentMean))}${s.generator.saturated ? " — SATURATED, latency may be the generator's" : ""}. Machine CPU ${s.machine.cpuPercentMean}% mean / ${s.machine.cpuPercentMax}% max of ${report.machine.cpuCount} cores${s.machine.otherCpuPercentMean === null ? "" : `, ${s.machine.otherCpuPercentMean}% of it other processes`}.`,
    decodeLine(s.generator.decode),
    s.server.available
      ? `Server: CPU ${s.server.cpuPercentMean}% mean / ${s.server.cpuPercentMax}% max${perClient(s.server.cpuMsPerClientSecond, "client")}${s.server.eventLoopUtilizationMean === null ? "" : `, event loop ${s.server.eventLoopUtilizationMean} mean / ${s.server.eventLoopUtilizationMax} max busy`}, tick p99 ${s.server.tickP99MsMean} ms mean / ${s.server.tickP99MsMax} ms max, RSS max ${Math.round(s.server.rssBytesMax / 2 ** 20)} MiB.`
      : `Server: no /metrics at ${s.server.metricsUrl}.`,
  ];
  if (s.servers.length > 1) {
    lines.push(`Servers: ${s.servers.length} processes; the figures above are their totals (CPU, clients, rooms, RSS) and the busiest's (tick, event loop).`);
    for (const p of s.servers) {
      lines.push(p.available
        ? `  ${p.label}: CPU ${p.cpuPercentMean}% mean / ${p.cpuPercentMax}% max${perClient(p.cpuMsPerClientSecond, "client")}, clients ${p.clientsMean} mean / ${p.clientsMax} max, rooms max ${p.roomsMax}, tick p99 max ${p.tickP99MsMax} ms, RSS max ${Math.round(p.rssBytesMax / 2 ** 20)} MiB`
        : `  ${p.label}: no /metrics at ${p.metricsUrl}`);
    }
  }
  for (const e of s.errors.messages.slice(0, 5)) lines.push(`  ${e.count} × ${e.message}`);
  for (const f of s.generator.failures) lines.push(`  load generator: ${f}`);
  for (const hint of report.hints) lines.push(`Note: ${hint}`);
  if (report.capacity) lines.push(...capacityCurveLines(report.capacity));
  for (const check of report.thresholds.checks) {
    lines.push(`Threshold ${check.name}: ${check.actual} vs limit ${check.limit}: ${check.passed ? "pass" : "FAIL"}`);
  }
  return lines.join("\n");
}

/** The bots' decoding of their own room states, per bot and per patch. */
function decodeLine(d: DecodeSummary): string {
  const share = d.shareOfBotCpu === null ? "" : `, ${(d.shareOfBotCpu * 100).toFixed(1)}% of the bots' CPU`;
  return `State decoding: every bot decoded its own view (per-client state): ${d.totalMs} ms in all, ${d.msPerBotSecond ?? "–"} ms per bot-second${share}; ` +
    `${d.usPerPatch.p50} µs per patch p50, ${d.usPerPatch.p99} µs p99 over ${d.patches} patches (and ${d.fullStates} full states); ${d.stateBytesPerBotSecond} B of state per bot-second.`;
}

/** " workers 41/39%" where Node measures each thread's CPU; nothing where it cannot. */
function workerCpuText(percents: readonly (number | null)[]): string {
  return percents.length > 0 && percents.every((p) => p !== null) ? ` workers ${percents.map((p) => Math.round(p!)).join("/")}%` : "";
}

/** " (1.52 ms per bot-second)", or nothing when unknown. */
const perClient = (ms: number | null, who: string) => (ms === null ? "" : ` (${ms} ms per ${who}-second)`);
