// report.html: one self-contained page (inline CSS and SVG, no scripts or network) with
// the verdict, the summary, threshold checks, capacity steps and their p99 curve, charts
// over time, parameters and machine. The full report JSON is embedded too, for tools that
// scrape the page.
import type { ServerPoint, TimelinePoint } from "./aggregate.ts";
import type { CapacityResult } from "./capacity.ts";
import type { HistogramSummary } from "./histogram.ts";
import type { Report } from "./report.ts";
import { windowResult } from "./verdict.ts";

export interface ChartSeries {
  name: string;
  color: string;
  values: readonly (number | null)[];
}

export interface ChartSpec {
  title: string;
  unit: string;
  times: readonly number[];
  series: readonly ChartSeries[];
  /** Highest value the y axis must show; values above are drawn at the top and marked ▲, so one spike does not flatten the rest. */
  yCap?: number;
  /** Moments to mark with a dashed vertical line and a short label (e.g. where each load cycle starts). */
  marks?: readonly { t: number; label: string }[];
}

const WIDTH = 760, HEIGHT = 230;
const MARGIN = { left: 60, right: 16, top: 30, bottom: 30 };
const PALETTE = ["#2563eb", "#16a34a", "#dc2626", "#9333ea", "#ea580c", "#0891b2", "#4b5563", "#ca8a04"];

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** A round axis top at least `v`: 1, 1.5, 2, 3, 4, 5, 6 or 8 times a power of ten. */
export function niceCeiling(v: number): number {
  if (!(v > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(v));
  const top = [1, 1.5, 2, 3, 4, 5, 6, 8, 10].find((m) => m * power >= v * (1 - 1e-12)) ?? 10;
  return Number((top * power).toPrecision(12));
}

const formatNumber = (v: number) =>
  Math.abs(v) >= 100 ? String(Math.round(v)) : Math.abs(v) >= 10 ? v.toFixed(1).replace(/\.0$/, "") : String(Math.round(v * 100) / 100);

interface Frame {
  x: (v: number) => number;
  y: (v: number) => number;
  /** Grid, axis labels. */
  parts: string[];
}

/** Plot area, grid and axis labels for x in [xMin, xMax] and y in [0, yMax]. */
function frame(xMin: number, xMax: number, yMax: number, xLabel: (v: number) => string): Frame {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (v: number) => MARGIN.left + ((v - xMin) / (xMax - xMin)) * plotW;
  const y = (v: number) => MARGIN.top + plotH - (v / yMax) * plotH;
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/>`,
      `<text x="${MARGIN.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${formatNumber(v)}</text>`);
  }
  for (let i = 0; i <= 5; i++) {
    const v = xMin + ((xMax - xMin) * i) / 5;
    parts.push(`<text x="${x(v).toFixed(1)}" y="${HEIGHT - 10}" text-anchor="middle">${xLabel(v)}</text>`);
  }
  return { x, y, parts };
}

/** Legend entries in a row above the plot, each as wide as its text. */
function legend(entries: readonly { name: string; swatch: (x: number) => string }[]): string[] {
  const parts: string[] = [];
  let lx = MARGIN.left + 8;
  for (const e of entries) {
    parts.push(e.swatch(lx), `<text x="${lx + 14}" y="17">${escapeHtml(e.name)}</text>`);
    lx += 30 + e.name.length * 6;
  }
  return parts;
}

const squareSwatch = (color: string) => (x: number) => `<rect x="${x}" y="8" width="10" height="10" fill="${color}"/>`;

/** Hover text for a mark, none for a legend swatch. */
const hover = (label?: string) => (label === undefined ? "" : `<title>${escapeHtml(label)}</title>`);

/** A ▲ at the top of the plot for a value above the axis, with the value on hover. */
const clippedMark = (x: number, top: number, color: string, label?: string) =>
  `<path d="M${(x - 4).toFixed(1)},${top + 7} L${(x + 4).toFixed(1)},${top + 7} L${x.toFixed(1)},${top} Z" fill="${color}">${hover(label)}</path>`;

function figure(title: string, unit: string, parts: readonly string[]): string {
  const caption = `${escapeHtml(title)} (${escapeHtml(unit)})`;
  return `<figure><figcaption>${caption}</figcaption><svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${caption}">${parts.join("")}</svg></figure>`;
}

const finite = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

/** A line chart over time as inline SVG; null values break a line. Series are drawn in order, so the last is on top. */
export function lineChart(spec: ChartSpec): string {
  const { times } = spec;
  const dataMax = Math.max(0, ...spec.series.flatMap((s) => s.values.filter(finite)));
  const yMax = niceCeiling(spec.yCap === undefined ? dataMax : Math.min(dataMax, spec.yCap));
  const tMin = times[0] ?? 0;
  const tMax = Math.max(tMin + 1, times[times.length - 1] ?? 1);
  const { x, y, parts } = frame(tMin, tMax, yMax, (t) => `${Math.round(t)}s`);
  const clipped = (v: number) => Math.min(v, yMax);
  for (const mark of spec.marks ?? []) {
    const mx = x(mark.t).toFixed(1);
    parts.push(`<line x1="${mx}" x2="${mx}" y1="${MARGIN.top}" y2="${HEIGHT - MARGIN.bottom}" stroke="#9ca3af" stroke-dasharray="3 3"/>`,
      `<text x="${(x(mark.t) + 3).toFixed(1)}" y="${MARGIN.top + 10}" fill="#6b7280">${escapeHtml(mark.label)}</text>`);
  }
  for (const s of spec.series) {
    for (const segment of segments(times, s.values)) {
      const pointsAttr = segment.map(([t, v]) => `${x(t).toFixed(1)},${y(clipped(v)).toFixed(1)}`).join(" ");
      parts.push(segment.length === 1
        ? `<circle cx="${x(segment[0][0]).toFixed(1)}" cy="${y(clipped(segment[0][1])).toFixed(1)}" r="2" fill="${s.color}"/>`
        : `<polyline points="${pointsAttr}" fill="none" stroke="${s.color}" stroke-width="1.6"/>`);
      for (const [t, v] of segment) {
        if (v > yMax) parts.push(clippedMark(x(t), MARGIN.top, s.color, `${s.name} ${formatNumber(v)} ${spec.unit} at ${Math.round(t)} s`));
      }
    }
  }
  parts.push(...legend(spec.series.map((s) => ({
    name: s.values.some((v) => finite(v) && v > yMax) ? `${s.name} (▲ above the axis)` : s.name,
    swatch: squareSwatch(s.color),
  }))));
  return figure(spec.title, spec.unit, parts);
}

const HELD_COLOR = PALETTE[1], OVER_COLOR = PALETTE[2], CURVE_COLOR = PALETTE[6];

/**
 * The capacity search's answer as a chart: round-trip p99 of every window against the
 * players connected, the budget as a dashed line, held windows as green dots and windows
 * over a budget as red crosses. The line joins each step's deciding window. The axis
 * stops at three budgets; a p99 above is marked ▲ at the top.
 */
export function capacityChart(c: CapacityResult): string {
  const p99s = c.steps.map((s) => s.rttP99Ms);
  const yMax = niceCeiling(Math.min(Math.max(c.p99BudgetMs * 1.2, ...p99s), c.p99BudgetMs * 3));
  const anyClipped = p99s.some((v) => v > yMax);
  const xMax = niceCeiling(Math.max(1, ...c.steps.map((s) => s.clients)));
  const { x, y, parts } = frame(0, xMax, yMax, (v) => String(Math.round(v)));
  const budgetY = y(c.p99BudgetMs).toFixed(1);
  parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${budgetY}" y2="${budgetY}" stroke="${OVER_COLOR}" stroke-dasharray="6 4"/>`,
    `<text x="${WIDTH - MARGIN.right - 4}" y="${(Number(budgetY) - 4).toFixed(1)}" text-anchor="end">budget ${c.p99BudgetMs} ms</text>`);
  const deciding = c.steps.filter((s, i) => c.steps[i + 1]?.clients !== s.clients);
  parts.push(`<polyline points="${deciding.map((s) => `${x(s.clients).toFixed(1)},${y(Math.min(s.rttP99Ms, yMax)).toFixed(1)}`).join(" ")}" fill="none" stroke="${CURVE_COLOR}" stroke-width="1.2"/>`);
  for (const s of c.steps) {
    const px = x(s.clients), py = y(Math.min(s.rttP99Ms, yMax));
    const label = `${s.clients} players, window ${s.attempt}: p99 ${s.rttP99Ms} ms, ${windowResult(s, c)}`;
    if (s.rttP99Ms > yMax) {
      // Few points, so the clipped ones say their value; a step's second window sits below its first.
      parts.push(clippedMark(px, MARGIN.top, s.passed ? HELD_COLOR : OVER_COLOR, label),
        `<text x="${(px - 7).toFixed(1)}" y="${MARGIN.top + 8 + (s.attempt - 1) * 11}" text-anchor="end">${formatNumber(s.rttP99Ms)}</text>`);
    } else {
      parts.push(s.passed ? heldDot(px, py, label) : overCross(px, py, label));
    }
  }
  parts.push(...legend([
    { name: "held", swatch: (lx) => heldDot(lx + 5, 13) },
    { name: "over a budget", swatch: (lx) => overCross(lx + 5, 13) },
    ...(anyClipped ? [{ name: "above the axis", swatch: (lx: number) => clippedMark(lx + 5, 9, OVER_COLOR) }] : []),
    { name: `p99 budget ${c.p99BudgetMs} ms`, swatch: (lx) => `<line x1="${lx}" x2="${lx + 10}" y1="13" y2="13" stroke="${OVER_COLOR}" stroke-dasharray="3 2"/>` },
  ]));
  return figure("Capacity search: round-trip p99 against players", "ms", parts);
}

const heldDot = (x: number, y: number, label?: string) =>
  `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="4" fill="${HELD_COLOR}">${hover(label)}</circle>`;

const overCross = (x: number, y: number, label?: string) =>
  `<path d="M${(x - 4).toFixed(1)},${(y - 4).toFixed(1)} L${(x + 4).toFixed(1)},${(y + 4).toFixed(1)} M${(x - 4).toFixed(1)},${(y + 4).toFixed(1)} L${(x + 4).toFixed(1)},${(y - 4).toFixed(1)}" stroke="${OVER_COLOR}" stroke-width="2">${hover(label)}</path>`;

function segments(times: readonly number[], values: readonly (number | null)[]): [number, number][][] {
  const out: [number, number][][] = [];
  let current: [number, number][] = [];
  values.forEach((v, i) => {
    if (finite(v)) current.push([times[i], v]);
    else if (current.length) { out.push(current); current = []; }
  });
  if (current.length) out.push(current);
  return out;
}

/** The RTT chart's axis shows up to this multiple of the highest per-second p99; a max above is marked, not scaled to. */
const RTT_AXIS_OVER_P99 = 1.5;
const MAX_COLOR = "#b8bec8";

const perClient = (p: TimelinePoint, bytes: number) => (p.connected > 0 ? bytes / p.connected / 1024 : null);

export function reportCharts(timeline: readonly TimelinePoint[], serverNames?: readonly string[]): ChartSpec[] {
  const times = timeline.map((p) => p.t);
  const rtt = (pick: (p: TimelinePoint) => number) => timeline.map((p) => (p.rttMs.count > 0 ? pick(p) : null));
  const p99 = rtt((p) => p.rttMs.p99);
  const highestP99 = Math.max(0, ...p99.filter((v) => v !== null));
  const charts: ChartSpec[] = [
    // Max is drawn first and pale, p99 last and on top; the axis stops a little above the highest
    // p99, so a single slow probe (max) does not flatten the percentiles to the floor.
    { title: "Round-trip time (ECHO)", unit: "ms", times, yCap: highestP99 > 0 ? RTT_AXIS_OVER_P99 * highestP99 : undefined, series: [
      { name: "max", color: MAX_COLOR, values: rtt((p) => p.rttMs.max) },
      { name: "p50", color: PALETTE[1], values: rtt((p) => p.rttMs.p50) },
      { name: "p95", color: PALETTE[0], values: rtt((p) => p.rttMs.p95) },
      { name: "p99", color: PALETTE[2], values: p99 },
    ] },
    { title: "Clients", unit: "count", times, series: [
      { name: "target", color: PALETTE[6], values: timeline.map((p) => p.target) },
      { name: "connected", color: PALETTE[0], values: timeline.map((p) => p.connected) },
      { name: "errors", color: PALETTE[2], values: timeline.map((p) => p.errors) },
    ] },
    { title: "Bandwidth per connected client", unit: "KiB/s", times, series: [
      { name: "in", color: PALETTE[0], values: timeline.map((p) => perClient(p, p.bytesInPerSec)) },
      { name: "out", color: PALETTE[4], values: timeline.map((p) => perClient(p, p.bytesOutPerSec)) },
    ] },
    { title: "CPU", unit: "% of one core", times, series: [
      { name: "bots (all threads)", color: PALETTE[3], values: timeline.map((p) => p.botCpuPercent) },
      { name: "bots decoding state", color: PALETTE[5], values: timeline.map((p) => p.botDecodeCpuPercent) },
      { name: "server", color: PALETTE[2], values: timeline.map((p) => p.server?.cpuPercent ?? null) },
    ] },
    { title: "Machine CPU", unit: "% of all cores", times, series: [
      { name: "busy", color: PALETTE[6], values: timeline.map((p) => p.machineCpuPercent) },
      { name: "other processes", color: PALETTE[4], values: timeline.map((p) => p.otherCpuPercent) },
    ] },
    { title: "Bot workers: event-loop utilization", unit: "0–1", times,
      series: Array.from({ length: Math.max(0, ...timeline.map((p) => p.workerElu.length)) }, (_, w) => ({
        name: `worker ${w}`, color: PALETTE[w % PALETTE.length], values: timeline.map((p) => p.workerElu[w] ?? null),
      })) },
  ];
  const processes = Math.max(0, ...timeline.map((p) => p.servers?.length ?? 0));
  if (processes > 1) {
    const perProcess = (pick: (s: ServerPoint) => number | null) => Array.from({ length: processes }, (_, i) => ({
      name: serverNames?.[i] ?? `process ${i + 1}`, color: PALETTE[i % PALETTE.length], values: timeline.map((p) => {
        const s = p.servers?.[i];
        return s ? pick(s) : null;
      }),
    }));
    charts.push(
      { title: "Server processes: CPU", unit: "% of one core", times, series: perProcess((s) => s.cpuPercent) },
      { title: "Server processes: clients", unit: "count", times, series: perProcess((s) => s.clients) },
      { title: "Server processes: rooms", unit: "count", times, series: perProcess((s) => s.rooms) },
    );
  }
  if (timeline.some((p) => p.server)) {
    charts.push(
      { title: "Server tick time", unit: "ms", times, series: [
        { name: "p50", color: PALETTE[1], values: timeline.map((p) => p.server?.tickP50Ms ?? null) },
        { name: "p99", color: PALETTE[2], values: timeline.map((p) => p.server?.tickP99Ms ?? null) },
      ] },
      { title: "Server resident memory", unit: "MiB", times, series: [
        { name: "RSS", color: PALETTE[5], values: timeline.map((p) => (p.server ? p.server.rssBytes / 2 ** 20 : null)) },
      ] },
    );
  }
  return charts;
}

const percentOrDash = (share: number | null) => (share === null ? "–" : `${(share * 100).toFixed(1)}%`);

const row = (cells: readonly (string | number)[], tag = "td") =>
  `<tr>${cells.map((c) => `<${tag}>${escapeHtml(String(c))}</${tag}>`).join("")}</tr>`;

const table = (head: readonly string[], rows: readonly (readonly (string | number)[])[]) =>
  `<table>${row(head, "th")}${rows.map((r) => row(r)).join("")}</table>`;

const dist = (name: string, h: HistogramSummary | null) =>
  h ? [name, h.count, h.p50, h.p95, h.p99, h.max] : [name, 0, "–", "–", "–", "–"];

const keyValues = (record: Record<string, unknown>) =>
  table(["", ""], Object.entries(record).map(([k, v]) => [k, v === null ? "none" : typeof v === "object" ? JSON.stringify(v) : String(v)]));

export function renderHtml(report: Report): string {
  const s = report.summary;
  const thresholds = report.thresholds.checks.length === 0 ? "no thresholds set" : report.thresholds.passed ? "PASSED" : "FAILED";
  const capacity = report.capacity;
  const sections = [
    `<h1>Skirmish load bots — ${escapeHtml(report.startedAt)}</h1>`,
    `<p class="verdict">${escapeHtml(report.verdict)}</p>`,
    `<p>${s.peakConnected} of ${s.targetClients} clients connected at peak, ${report.durationSeconds} s, stopped: ${escapeHtml(report.stopReason)}. Thresholds: <b>${thresholds}</b>.</p>`,
    report.hints.length ? `<ul class="hints">${report.hints.map((h) => `<li>${escapeHtml(h)}</li>`).join("")}</ul>` : "",
    "<h2>Latency</h2>",
    table(["distribution (ms)", "samples", "p50", "p95", "p99", "max"], [
      dist("round trip, whole run", s.rttMs),
      ...(capacity ? [] : [dist(`round trip, steady (from ${s.steadyFromSeconds ?? "–"} s)`, s.rttSteadyMs)]),
      dist("join", s.joins.latencyMs),
      dist(`patch interval (expected ${s.expectedPatchIntervalMs} ms)`, s.patchIntervalMs),
      dist("patch jitter", s.patchJitterMs),
      dist("bot input timer lag", s.generator.inputTimerLagMs),
    ]),
    "<h2>Traffic, errors, load</h2>",
    table(["measure", "value"], [
      ["bytes in per client per second", s.traffic.bytesInPerClientPerSecond],
      ["bytes out per client per second", s.traffic.bytesOutPerClientPerSecond],
      ["messages in per second (all bots)", s.traffic.messagesInPerSecond],
      ["messages out per second (all bots)", s.traffic.messagesOutPerSecond],
      ["joins ok / failed", `${s.joins.ok} / ${s.joins.failed}`],
      ["errors (join failures + room errors + unexpected leaves)", s.errors.total],
      ["connection drops / reconnects", `${s.drops} / ${s.reconnects}`],
      ["chat lines sent / rejected", `${s.chat.sent} / ${s.chat.rejected}`],
      ["chat lines received: from players / system (joins, leaves)", `${s.chat.playerLinesReceived} / ${s.chat.systemLinesReceived}`],
      ["bot process CPU, mean / max (% of one core)", `${s.generator.processCpuPercentMean} / ${s.generator.processCpuPercentMax}`],
      ["bot process CPU per connected bot-second (ms)", s.generator.cpuMsPerBotSecond ?? "–"],
      ["bot workers' event-loop utilization, mean", s.generator.workers.map((w) => w.eluMean).join(", ")],
      ["bot workers' own CPU, mean (% of one core)", s.generator.workers.every((w) => w.cpuPercentMean !== null)
        ? s.generator.workers.map((w) => w.cpuPercentMean).join(", ")
        : `not measured: Node ${report.machine.node} has no per-thread CPU time (process.threadCpuUsage, Node 23.9+)`],
      ["bot input ticks skipped (timer more than a period late)", `${s.generator.missedInputTicks} (${(s.generator.missedInputTickShare * 100).toFixed(1)}%)`],
      ["bots' state decoding, total (ms; every bot its own view)", s.generator.decode.totalMs],
      ["bots' state decoding per connected bot-second (ms), share of the bots' CPU", `${s.generator.decode.msPerBotSecond ?? "–"}, ${percentOrDash(s.generator.decode.shareOfBotCpu)}`],
      ["bots' state decoding per patch, p50 / p99 (µs)", `${s.generator.decode.usPerPatch.p50} / ${s.generator.decode.usPerPatch.p99} over ${s.generator.decode.patches} patches (+ ${s.generator.decode.fullStates} full states)`],
      ["state bytes decoded per bot-second", s.generator.decode.stateBytesPerBotSecond],
      ["load generator saturated", s.generator.saturated ? "yes: treat latency numbers with care" : "no"],
      ["machine CPU, mean / max (% of all cores)", `${s.machine.cpuPercentMean} / ${s.machine.cpuPercentMax}`],
      ["other processes' share of the machine, mean (% of all cores)", s.machine.otherCpuPercentMean ?? "unknown"],
      ["server CPU, mean / max (% of one core)", s.server.available ? `${s.server.cpuPercentMean} / ${s.server.cpuPercentMax}` : "no /metrics"],
      ["server CPU per connected client-second (ms)", s.server.cpuMsPerClientSecond ?? "no /metrics"],
      ["server event-loop utilization, mean / max", s.server.eventLoopUtilizationMean === null ? "not exposed" : `${s.server.eventLoopUtilizationMean} / ${s.server.eventLoopUtilizationMax}`],
      ["server tick p99, mean / max (ms)", s.server.available ? `${s.server.tickP99MsMean} / ${s.server.tickP99MsMax}` : "no /metrics"],
      ["server RSS, max (MiB)", s.server.available ? Math.round(s.server.rssBytesMax / 2 ** 20) : "no /metrics"],
    ]),
    `<p class="note">Bytes: ${escapeHtml(s.traffic.counting)}</p>`,
    `<p class="note">State decoding: ${escapeHtml(s.generator.decode.counting)}</p>`,
    (s.servers ?? []).length > 1
      ? `<h2>Server processes</h2><p>${s.servers.length} processes. The server rows above are their totals (CPU, clients, RSS added up each second) and the busiest's (tick, event loop).</p>` +
        table(["process (/metrics)", "samples", "CPU mean / max (% of one core)", "CPU per client-second (ms)", "event loop mean / max", "clients mean / max", "rooms max", "tick p99 max (ms)", "RSS max (MiB)"],
          s.servers.map((p) => p.available
            ? [p.label, p.samples, `${p.cpuPercentMean} / ${p.cpuPercentMax}`, p.cpuMsPerClientSecond ?? "–",
              p.eventLoopUtilizationMean === null ? "–" : `${p.eventLoopUtilizationMean} / ${p.eventLoopUtilizationMax}`,
              `${p.clientsMean} / ${p.clientsMax}`, p.roomsMax, p.tickP99MsMax, Math.round(p.rssBytesMax / 2 ** 20)]
            : [p.label, 0, "no /metrics", "–", "–", "–", "–", "–", "–"]))
      : "",
    report.thresholds.checks.length
      ? table(["threshold", "limit", "actual", "result"], report.thresholds.checks.map((c) => [c.name, c.limit, c.actual, c.passed ? "pass" : "FAIL"]))
      : "",
    s.errors.messages.length ? `<h2>Errors</h2>${table(["message", "count"], s.errors.messages.map((e) => [e.message, e.count]))}` : "",
    s.generator.failures.length ? `<h2>Load generator problems</h2><ul>${s.generator.failures.map((f) => `<li>${escapeHtml(f)}</li>`).join("")}</ul>` : "",
    capacity
      ? `<h2>Capacity search</h2><p>Largest swarm that held RTT p99 ≤ ${capacity.p99BudgetMs} ms and ≤ ${capacity.errorBudget} errors for a ${capacity.windowSeconds} s window (a window over the latency budget gets one second look): <b>${capacity.largestHeldClients} clients</b>. Stopped: ${escapeHtml(capacity.stoppedBecause)}.${capacity.generatorSaturated ? " The load generator was saturated at the deciding step." : ""}${capacity.machineSaturated ? " The machine's CPU was saturated at the deciding step: bots and server competed for it." : ""}${capacity.serverSaturated ? " The server process was near a full core at the deciding step." : ""}</p>` +
        (capacity.steps.length > 0 ? capacityChart(capacity) : "") +
        table(["clients", "window", "connected", "RTT p99 (ms)", "RTT samples", "errors", "busiest worker ELU", "server CPU %", "machine CPU %", "other processes %", "result"],
          capacity.steps.map((st) => [st.clients, st.attempt, st.connected, st.rttP99Ms, st.rttSamples, st.newErrors, st.maxWorkerElu, st.serverCpuPercentMean ?? "–", st.machineCpuPercentMean, st.otherCpuPercentMean ?? "–", windowResult(st, capacity)]))
      : "",
    "<h2>Over time</h2>",
    ...reportCharts(report.timeline, (s.servers ?? []).map((p) => p.label)).map(lineChart),
    "<h2>Parameters</h2>",
    keyValues(report.parameters as unknown as Record<string, unknown>),
    "<h2>Machine</h2>",
    keyValues({ ...report.machine, totalMemoryGiB: Math.round((report.machine.totalMemoryBytes / 2 ** 30) * 10) / 10 }),
  ];
  const data = JSON.stringify(report).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Skirmish load bots report</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:800px;color:#111}
table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}
th{background:#f3f4f6}figure{margin:12px 0}figcaption{font-weight:600}svg{width:100%;height:auto;font-size:11px}
.verdict{font-size:16px;font-weight:600;border-left:4px solid #2563eb;background:#eff6ff;padding:8px 12px}
svg .grid{stroke:#e5e7eb}svg text{fill:#374151}.note{color:#555;font-size:12px}.hints{background:#fef3c7;padding:8px 8px 8px 28px}
</style></head><body>
${sections.filter(Boolean).join("\n")}
<script type="application/json" id="report-data">${data}</script>
</body></html>
`;
}
