// Reads the server's /metrics (Prometheus text) on the same host as the game socket.
// One request at a time, each with a short timeout; a server without /metrics just
// yields no samples.
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

export class MetricsProbe {
  private inFlight = false;
  private previousCpu: { atMs: number; seconds: number } | undefined;
  private previousBusy: { atMs: number; seconds: number } | undefined;
  successes = 0;
  failures = 0;
  lastError = "";

  constructor(
    readonly url: string,
    private readonly fetchText: (url: string, signal: AbortSignal) => Promise<string> = defaultFetchText,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** One reading, or null when the server did not answer (or a reading is still in flight). */
  async sample(): Promise<ServerPoint | null> {
    if (this.inFlight) return null;
    this.inFlight = true;
    try {
      const values = parsePrometheus(await this.fetchText(this.url, AbortSignal.timeout(REQUEST_TIMEOUT_MS)));
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
      this.successes++;
      return {
        tickP50Ms: roundTo(values.get('skirmish_tick_ms{quantile="0.5"}') ?? 0, 3),
        tickP99Ms: roundTo(values.get('skirmish_tick_ms{quantile="0.99"}') ?? 0, 3),
        cpuPercent: cpu === null ? null : roundTo(cpu, 1),
        eventLoopUtilization: elu === null ? null : roundTo(elu, 3),
        rssBytes: values.get("process_resident_memory_bytes") ?? 0,
        clients: values.get("skirmish_clients") ?? 0,
        rooms: values.get("skirmish_rooms") ?? 0,
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

async function defaultFetchText(url: string, signal: AbortSignal): Promise<string> {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  return response.text();
}
