// soak.html: one self-contained page (inline CSS and SVG, the charts of the bot report)
// with the verdict, the leak checks, the servers' memory, handles, timers, rooms and
// clients over time, what the bots did, and the soak's parameters. soak.json is embedded.
import { escapeHtml, lineChart, type ChartSeries, type ChartSpec } from "./reportHtml.ts";
import type { SoakPoint, SoakReport, SoakServerPoint } from "./soak.ts";
import { heapLimit } from "./soakLeaks.ts";

const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2"];
const PALE = ["#93c5fd", "#fca5a5", "#86efac", "#d8b4fe", "#fdba74", "#67e8f9"];
const MiB = 2 ** 20;

export function soakCharts(report: SoakReport): ChartSpec[] {
  const { timeline } = report;
  const times = timeline.map((p) => p.t);
  const labels = report.servers.map((s) => s.label);
  const several = labels.length > 1;
  const name = (i: number, what: string) => (several ? `${labels[i]} ${what}` : what);
  const series = (what: string, pick: (s: SoakServerPoint) => number | null, palette = COLORS): ChartSeries[] =>
    labels.map((_, i) => ({ name: name(i, what), color: palette[i % palette.length], values: timeline.map((p) => (p.servers[i] ? pick(p.servers[i]!) : null)) }));
  const flat = (value: number) => timeline.map(() => value);
  const limits: ChartSeries[] = report.servers.flatMap((s, i) => {
    if (!s.start) return [];
    const startHeap = s.start.heapUsedBytes;
    return [
      { name: name(i, "start"), color: PALE[i % PALE.length], values: flat(startHeap / MiB) },
      { name: name(i, "limit"), color: several ? PALE[i % PALE.length] : "#9ca3af", values: flat(heapLimit(startHeap, report.tolerances) / MiB) },
    ];
  });
  const bots = (pick: (p: SoakPoint) => number) => timeline.map(pick);
  // What each process's resident memory is made of: V8's heap (committed, and used), memory JS objects own outside it, and its ArrayBuffer part.
  const breakdown = labels.map((label, i): ChartSpec => {
    const of = (pick: (s: SoakServerPoint) => number | null) => timeline.map((p) => {
      const value = p.servers[i] ? pick(p.servers[i]!) : null;
      return value === null ? null : value / MiB;
    });
    return {
      title: `Memory${several ? ` of ${label}` : ""}: resident, V8 heap committed and used, external (nodejs_external_memory_bytes) and its ArrayBuffers (nodejs_array_buffers_bytes)`,
      unit: "MiB", times, series: [
        { name: "RSS", color: COLORS[1], values: of((s) => s.rssBytes) },
        { name: "heap committed", color: COLORS[3], values: of((s) => s.heapTotalBytes) },
        { name: "heap used", color: COLORS[0], values: of((s) => s.heapUsedBytes) },
        { name: "external", color: COLORS[4], values: of((s) => s.externalBytes) },
        { name: "ArrayBuffers", color: COLORS[2], values: of((s) => s.arrayBuffersBytes) },
      ],
    };
  });
  const charts: ChartSpec[] = [
    { title: "Server heap used (nodejs_heap_size_used_bytes), with its start and the limit once settled", unit: "MiB", times, series: [...limits, ...series("heap", (s) => s.heapUsedBytes / MiB)] },
    { title: "Server resident memory (process_resident_memory_bytes)", unit: "MiB", times, series: series("RSS", (s) => s.rssBytes / MiB) },
    ...breakdown,
    { title: "Server handles and timers (nodejs_active_handles_total, active Timeout resources)", unit: "count", times,
      series: [...series("handles", (s) => s.handles), ...series("timers", (s) => s.timers, PALE)] },
    { title: "Server rooms (skirmish_rooms)", unit: "count", times, series: series("rooms", (s) => s.rooms) },
    { title: "Server clients (skirmish_clients) and bots connected", unit: "count", times,
      series: [{ name: "bots connected", color: "#6b7280", values: bots((p) => p.bots.connected) }, ...series("clients", (s) => s.clients)] },
    { title: "Bots: churn and errors (cumulative)", unit: "count", times, series: [
      { name: "joins", color: COLORS[0], values: bots((p) => p.bots.joins) },
      { name: "drops", color: COLORS[4], values: bots((p) => p.bots.drops) },
      { name: "reconnects (SDK)", color: COLORS[5], values: bots((p) => p.bots.reconnects) },
      { name: "reloads (token)", color: COLORS[3], values: bots((p) => p.bots.reloads) },
      { name: "leaves", color: COLORS[2], values: bots((p) => p.bots.leaves) },
      { name: "errors", color: COLORS[1], values: bots((p) => p.bots.errors) },
    ] },
    { title: "Server CPU", unit: "% of one core", times, series: series("CPU", (s) => s.cpuPercent) },
  ];
  if (timeline.some((p) => p.redisKeys !== undefined)) {
    charts.push({ title: "Redis keys (settle phase)", unit: "count", times, series: [{ name: "keys", color: COLORS[0], values: timeline.map((p) => p.redisKeys ?? null) }] });
  }
  const marks = report.cycles.flatMap((c) => [
    { t: c.loadFromSeconds, label: report.cycles.length > 1 ? `cycle ${c.cycle}` : "load" },
    { t: c.settleFromSeconds, label: report.cycles.length > 1 ? "" : "bots leave" },
  ]);
  return charts.map((chart) => ({ ...chart, marks }));
}

const cell = (v: unknown) => `<td>${escapeHtml(v === null || v === undefined ? "–" : String(v))}</td>`;
const table = (head: readonly string[], rows: readonly (readonly unknown[])[]) =>
  `<table><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>${rows.map((r) => `<tr>${r.map(cell).join("")}</tr>`).join("")}</table>`;

export function renderSoakHtml(report: SoakReport): string {
  const b = report.bots;
  const ph = report.phases;
  const sections = [
    `<h1>Skirmish soak — ${escapeHtml(report.startedAt)}</h1>`,
    `<p class="verdict ${report.passed ? "pass" : "fail"}">${escapeHtml(report.verdict)}</p>`,
    `<p>At rest from 0 s, load from ${ph.loadFromSeconds} s to ${ph.loadToSeconds} s (${ph.loadSeconds} s), settle from ${ph.settleFromSeconds} s` +
      `${ph.settledAfterSeconds === null ? `: the levels had not all returned after ${report.parameters.settleSeconds} s` : `, back to the start levels after ${ph.settledAfterSeconds} s`}. Stopped: ${escapeHtml(report.stopReason)}.</p>`,
    "<h2>Leak checks</h2>",
    table(["check", "process", "start", "end", "limit", "result"], report.checks.map((c) => [
      c.name, c.process ?? "all", c.start, c.end, c.limit, c.skipped && c.passed ? `skipped: ${c.skipped}` : c.passed ? "pass" : `FAIL${c.skipped ? `: ${c.skipped}` : ""}${c.note ? ` (${c.note})` : ""}`,
    ])),
    `<p class="note">Start: the servers at rest before the bots came (heap: the highest of ${3} readings a second apart). End: the first reading of the settle phase at which every level was back, or the last one; for the heap, its lowest reading since the bots left (garbage stays until V8's next full collection). ` +
      `Heap once settled may exceed the start by ${Math.round(report.tolerances.heapBytes / MiB)} MiB or ${Math.round(report.tolerances.heapShare * 100)}% of it, whichever is more; ` +
      `handles and timers by ${report.tolerances.handles} and ${report.tolerances.timers}; the heap's floor in the last quarter of the load may exceed its floor in the second quarter by ` +
      `${Math.round(report.tolerances.growthBytes / MiB)} MiB or ${Math.round(report.tolerances.growthShare * 100)}% (loads of ${report.tolerances.growthMinSeconds} s or more).</p>`,
    "<h2>Over time</h2>",
    ...soakCharts(report).map(lineChart),
    report.cycles.length > 1 ? cyclesSection(report) : "",
    "<h2>Servers</h2>",
    table(["process", "heap start / peak / lowest after (MiB)", "RSS start / peak / end (MiB)", "handles start / peak / end", "timers start / peak / end", "rooms peak", "clients peak", "log lines (warn+)"],
      report.servers.map((s) => [
        s.label,
        triple(s.start?.heapUsedBytes, s.peak.heapUsedBytes, s.heapFloorAfterBytes, MiB),
        triple(s.start?.rssBytes, s.peak.rssBytes, s.end?.rssBytes, MiB),
        triple(s.start?.handles, s.peak.handles, s.end?.handles),
        triple(s.start?.timers, s.peak.timers, s.end?.timers),
        s.peak.rooms, s.peak.clients, s.logLines ?? "not ours",
      ])),
    "<h2>Bots</h2>",
    table(["measure", "value"], [
      ["joins ok / failed", `${b.joinsOk} / ${b.joinFailures}`],
      ["peak connected / connected before stop", `${b.peakConnected} / ${b.connectedBeforeStop}`],
      ["drops (socket closed abruptly) / SDK reconnections", `${b.plannedDrops} / ${b.reconnects}`],
      ["reloads (client.reconnect with the token) ok / tried", `${b.reloadsOk} / ${b.plannedReloads}`],
      ["leaves and rejoins", b.plannedLeaves],
      ["failed reconnections", b.reconnectFailures],
      ["room errors / unexpected leaves", `${b.roomErrors} / ${b.unexpectedLeaves}`],
      ["errors in total", b.errorsTotal],
      ["rooms the bots saw", report.rooms.seenByBots],
      ["rooms created / disposed (server counters)", report.rooms.createdTotal === null ? "not exported" : `${report.rooms.createdTotal} / ${report.rooms.disposedTotal}`],
    ]),
    b.errorMessages.length ? `<h2>Bot errors</h2>${table(["message", "count"], b.errorMessages.map((e) => [e.message, e.count]))}` : "",
    report.failures.length ? `<h2>Problems</h2><ul>${report.failures.map((f) => `<li>${escapeHtml(f)}</li>`).join("")}</ul>` : "",
    "<h2>Parameters</h2>",
    table(["", ""], Object.entries(report.parameters).map(([k, v]) => [k, typeof v === "object" && v !== null ? JSON.stringify(v) : v])),
    "<h2>Machine</h2>",
    table(["", ""], Object.entries(report.machine).map(([k, v]) => [k, v])),
  ];
  const data = JSON.stringify(report).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Skirmish soak report</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:800px;color:#111}
table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}
th{background:#f3f4f6}figure{margin:12px 0}figcaption{font-weight:600}svg{width:100%;height:auto;font-size:11px}
.verdict{font-size:16px;font-weight:600;padding:8px 12px}.pass{border-left:4px solid #16a34a;background:#f0fdf4}.fail{border-left:4px solid #dc2626;background:#fef2f2}
svg .grid{stroke:#e5e7eb}svg text{fill:#374151}.note{color:#555;font-size:12px}
</style></head><body>
${sections.filter(Boolean).join("\n")}
<script type="application/json" id="soak-data">${data}</script>
</body></html>
`;
}

/** Each cycle, and what every process settled to after it (the lowest reading of each measure once the bots had left). */
function cyclesSection(report: SoakReport): string {
  const m = (v: number | null | undefined) => (v === null || v === undefined ? "–" : (v / MiB).toFixed(1));
  const rows = report.cycles.flatMap((c) => report.servers.map((server, i) => {
    const s = c.servers[i];
    return [c.cycle, server.label, c.loadSeconds, c.settledAfterSeconds ?? `not within ${report.parameters.settleSeconds}`, s?.fullGc === false ? "no" : "yes",
      m(s?.peakRssBytes), m(s?.rssBytes), m(s?.heapUsedBytes), m(s?.heapTotalBytes), m(s?.outsideHeapBytes), m(s?.externalBytes), m(s?.arrayBuffersBytes)];
  }));
  const t = report.cycleTolerances;
  return "<h2>Cycles</h2>" +
    table(["cycle", "process", "load (s)", "settled after (s)", "full GC after", "peak RSS under load (MiB)", "after: RSS", "heap used", "heap committed",
      "RSS − heap committed", "external", "ArrayBuffers"], rows) +
    `<p class="note">After: the lowest reading of each measure once the bots had left (after a full GC where the column says one ran). After every cycle from the second, RSS may exceed its level after the first by ` +
    `${Math.round(t.rssBytes / MiB)} MiB or ${Math.round(t.rssShare * 100)}%, and the heap by ${Math.round(t.heapBytes / MiB)} MiB or ${Math.round(t.heapShare * 100)}%, whichever is more: ` +
    "memory kept after the first load is a high-water mark the next loads reuse; a leak adds to it with every cycle.</p>";
}

function triple(start: number | null | undefined, peak: number | null, end: number | null | undefined, unit = 1): string {
  const f = (v: number | null | undefined) => (v === null || v === undefined ? "–" : unit === 1 ? String(v) : (v / unit).toFixed(1));
  return `${f(start)} / ${f(peak)} / ${f(end)}`;
}
