// Reads the server's /metrics (Prometheus text), by default on the same host as the game
// socket. One request at a time, each with a short timeout; a server whose /metrics is
// closed or absent just yields no samples.
import { clamp } from "../shared/sim/geometry.ts";
import type { ServerPoint } from "./aggregate.ts";
import { cpuPercent, roundTo } from "./stats.ts";

const REQUEST_TIMEOUT_MS = 800;

/** ws://host:port/path → http://host:port/path/metrics (wss → https). */
export function metricsUrl(wsUrl: string): string {
  const url = new URL(wsUrl);
  url.protocol = url.protocol === "wss:" ? "https:" : "http:";
  url.pathname = `${url.pathname.replace(/\/$/, "")}/metrics`;
  return url.toString();
}

/** Sample lines of the Prometheus text format, keyed by `name` or `name{labels}` as written. */
export function parsePrometheus(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#")) continue;
    const match = /^([A-Za-z_:][\w:]*(?:\{[^}]*\})?)\s+(\S+)/.exec(trimmed);
    if (!match) continue;
    const value = Number(match[2]);
    if (!Number.isNaN(value)) values.set(match[1], value);
  }
  return values;
}

/** Sums every series of `name` (`name` alone and `name{...}` alike). */
export function sumSeries(values: Map<string, number>, name: string): number {
  let sum = 0;
  for (const [key, value] of values) if (key === name || key.startsWith(`${name}{`)) sum += value;
  return sum;
}

/** The cumulative buckets of a histogram (summed over its other labels), by upper bound, ascending. */
export function histogramBuckets(values: Map<string, number>, name: string): [number, number][] {
  const byBound = new Map<number, number>();
  for (const [key, value] of values) {
    if (!key.startsWith(`${name}_bucket{`)) continue;
    const le = /le="([^"]+)"/.exec(key)?.[1];
    if (le === undefined) continue;
    const bound = le === "+Inf" ? Infinity : Number(le);
    byBound.set(bound, (byBound.get(bound) ?? 0) + value);
  }
  return [...byBound].sort((a, b) => a[0] - b[0]);
}

/**
 * The q-quantile of cumulative buckets, interpolated inside its bucket as Prometheus's
 * histogram_quantile does; null without observations.
 */
export function histogramQuantile(buckets: readonly [number, number][], q: number): number | null {
  const total = buckets.at(-1)?.[1] ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, count] of buckets) {
    if (count >= rank) {
      if (bound === Infinity) return lowerBound; // beyond the last bound: the most that can be said
      return lowerBound + (bound - lowerBound) * ((rank - lowerCount) / Math.max(count - lowerCount, 1e-12));
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}

const TICK_HISTOGRAM = "skirmish_tick_duration_seconds";

export class MetricsProbe {
  private inFlight = false;
  /** The tick histogram at the previous reading: each sample's quantiles cover the ticks since. */
  private previousTicks: [number, number][] = [];
  private previousCpu: { atMs: number; seconds: number } | undefined;
  private previousBusy: { atMs: number; seconds: number } | undefined;
  successes = 0;
  failures = 0;
  lastError = "";
  /** Every series of the last successful reading (for readers that want more than a ServerPoint, like the soak). */
  lastValues: Map<string, number> | null = null;

  constructor(
    readonly url: string,
    private readonly fetchText: (url: string, signal: AbortSignal) => Promise<string> = fetchMetrics(),
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** One reading, or null when the server did not answer (or a reading is still in flight). */
  async sample(): Promise<ServerPoint | null> {
    if (this.inFlight) return null;
    this.inFlight = true;
    try {
      const values = parsePrometheus(await this.fetchText(this.url, AbortSignal.timeout(REQUEST_TIMEOUT_MS)));
      this.lastValues = values;
      const atMs = this.now();
      const cpuSeconds = values.get("process_cpu_seconds_total");
      let cpu: number | null = null;
      if (cpuSeconds !== undefined) {
        if (this.previousCpu) cpu = Math.max(0, cpuPercent(this.previousCpu.seconds, cpuSeconds, atMs - this.previousCpu.atMs));
        this.previousCpu = { atMs, seconds: cpuSeconds };
      }
      const busySeconds = values.get("nodejs_eventloop_busy_seconds_total");
      let elu: number | null = null;
      if (busySeconds !== undefined) {
        if (this.previousBusy) elu = clamp(cpuPercent(this.previousBusy.seconds, busySeconds, atMs - this.previousBusy.atMs) / 100, 0, 1);
        this.previousBusy = { atMs, seconds: busySeconds };
      }
      const ticks = histogramBuckets(values, TICK_HISTOGRAM);
      const since = ticks.map(([bound, count], i): [number, number] => [bound, count - (this.previousTicks[i]?.[1] ?? 0)]);
      this.previousTicks = ticks;
      const tickMs = (q: number) => roundTo((histogramQuantile(since, q) ?? 0) * 1000, 3);
      this.successes++;
      return {
        tickP50Ms: tickMs(0.5),
        tickP99Ms: tickMs(0.99),
        cpuPercent: cpu === null ? null : roundTo(cpu, 1),
        eventLoopUtilization: elu === null ? null : roundTo(elu, 3),
        rssBytes: values.get("process_resident_memory_bytes") ?? 0,
        clients: values.get("skirmish_clients") ?? 0,
        rooms: sumSeries(values, "skirmish_rooms"),
      };
    } catch (error) {
      this.failures++;
      this.lastError = error instanceof Error ? error.message : String(error);
      return null;
    } finally {
      this.inFlight = false;
    }
  }
}

/** How a server process is named in reports: the host and port of its /metrics endpoint. */
export function serverLabel(metricsEndpoint: string): string {
  try {
    return new URL(metricsEndpoint).host;
  } catch {
    return metricsEndpoint;
  }
}

/**
 * Several processes' readings of one second as one: CPU, memory, clients and rooms added
 * up; tick times and event-loop utilization of the busiest. Processes that did not answer
 * are left out; null when none did.
 */
export function combineServers(points: readonly (ServerPoint | null)[]): ServerPoint | null {
  const answered = points.filter((p): p is ServerPoint => p !== null);
  if (answered.length === 0) return null;
  const cpus = answered.flatMap((p) => (p.cpuPercent === null ? [] : [p.cpuPercent]));
  const elus = answered.flatMap((p) => (p.eventLoopUtilization === null ? [] : [p.eventLoopUtilization]));
  const sum = (pick: (p: ServerPoint) => number) => answered.reduce((total, p) => total + pick(p), 0);
  return {
    tickP50Ms: Math.max(...answered.map((p) => p.tickP50Ms)),
    tickP99Ms: Math.max(...answered.map((p) => p.tickP99Ms)),
    cpuPercent: cpus.length === 0 ? null : roundTo(cpus.reduce((a, b) => a + b, 0), 1),
    eventLoopUtilization: elus.length === 0 ? null : Math.max(...elus),
    rssBytes: sum((p) => p.rssBytes),
    clients: sum((p) => p.clients),
    rooms: sum((p) => p.rooms),
  };
}

/** Fetches the metrics text, with `Authorization: Bearer <token>` when a token is given. */
export function fetchMetrics(token?: string): (url: string, signal: AbortSignal) => Promise<string> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return async (url, signal) => {
    const response = await fetch(url, { signal, headers });
    if (!response.ok) throw new Error(`${url} answered ${response.status}${response.status === 401 ? " (set METRICS_TOKEN)" : ""}`);
    return response.text();
  };
}
