// Process-wide counters and a tick-time window, rendered as Prometheus text at /metrics.
import { matchMaker } from "@colyseus/core";

const TICK_WINDOW = 2048;

class TickTimes {
  private readonly samples = new Float64Array(TICK_WINDOW);
  private count = 0;
  record(ms: number): void {
    this.samples[this.count++ % TICK_WINDOW] = ms;
  }
  quantile(q: number): number {
    const n = Math.min(this.count, TICK_WINDOW);
    if (n === 0) return 0;
    const sorted = Array.from(this.samples.subarray(0, n)).sort((a, b) => a - b);
    return sorted[Math.min(n - 1, Math.floor(q * n))];
  }
  get total(): number {
    return this.count;
  }
}

export const metrics = {
  tickMs: new TickTimes(),
  invalidInputs: 0,
  protocolViolations: 0,
  roomErrors: 0,
  joins: 0,
};

export function healthSnapshot(startedAt: number) {
  return {
    status: "ok",
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    rooms: matchMaker.stats.local.roomCount,
    clients: matchMaker.stats.local.ccu,
  };
}

export function renderPrometheus(): string {
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  const lines: string[] = [];
  const gauge = (name: string, help: string, value: number, type = "gauge") => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
  };
  gauge("skirmish_rooms", "Rooms open in this process.", matchMaker.stats.local.roomCount);
  gauge("skirmish_clients", "Clients connected to this process.", matchMaker.stats.local.ccu);
  lines.push(
    "# HELP skirmish_tick_ms Fixed-step duration over the last ticks of all rooms, in milliseconds.",
    "# TYPE skirmish_tick_ms summary",
    `skirmish_tick_ms{quantile="0.5"} ${metrics.tickMs.quantile(0.5)}`,
    `skirmish_tick_ms{quantile="0.99"} ${metrics.tickMs.quantile(0.99)}`,
    `skirmish_tick_ms_count ${metrics.tickMs.total}`,
  );
  gauge("skirmish_ticks_total", "Fixed steps run by all rooms.", metrics.tickMs.total, "counter");
  gauge("skirmish_joins_total", "Players that joined a room.", metrics.joins, "counter");
  gauge("skirmish_invalid_inputs_total", "Input frames that needed sanitizing.", metrics.invalidInputs, "counter");
  gauge("skirmish_protocol_violations_total", "Unknown or malformed messages.", metrics.protocolViolations, "counter");
  gauge("skirmish_room_errors_total", "Exceptions caught in room handlers or ticks.", metrics.roomErrors, "counter");
  gauge("process_cpu_seconds_total", "User and system CPU time.", (cpu.user + cpu.system) / 1e6, "counter");
  gauge("process_resident_memory_bytes", "Resident memory.", mem.rss);
  gauge("nodejs_heap_used_bytes", "V8 heap in use.", mem.heapUsed);
  return lines.join("\n") + "\n";
}
