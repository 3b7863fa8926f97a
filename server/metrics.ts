// Process-wide counters and a tick-time window, rendered as Prometheus text at /metrics.
import { performance } from "node:perf_hooks";
import { matchMaker } from "@colyseus/core";
import { newPlayoutCounters } from "./game/inputPlayout.ts";
import type { AbuseKind, FrameVerdict } from "./net/ClientGuard.ts";
import type { ConnectionRefusalReason, RequestRefusalReason } from "./net/NetworkGuards.ts";

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
  /** The game step of a tick (inputs, movement, shots, pickups). */
  tickMs: new TickTimes(),
  /** Encoding and sending a patch to a room's clients. */
  patchMs: new TickTimes(),
  protocolViolations: 0,
  roomErrors: 0,
  joins: 0,
  /** Messages over a client's budget, discarded before decoding. */
  messagesDropped: 0,
  /** Clients closed by the server for abuse or for not reading. */
  clientsClosed: { flood: 0, protocol: 0, slow_consumer: 0 } satisfies Record<AbuseKind | "slow_consumer", number>,
  /** WebSocket handshakes refused before the upgrade. */
  connectionsRefused: { origin: 0, connections_per_ip: 0 } satisfies Record<ConnectionRefusalReason, number>,
  /** Matchmaking requests refused before Colyseus saw them. */
  matchmakingRefused: { origin: 0, join_rate: 0, body_too_large: 0, length_required: 0 } satisfies Record<RequestRefusalReason, number>,
  /** Room creations refused because the process holds MAX_ROOMS rooms. */
  roomsRefused: 0,
  /** Rooms closed because their tick kept failing. */
  roomsClosedOnError: 0,
  /** What the players' input playout buffers did, summed over every room. */
  playout: newPlayoutCounters(),
  /** Shots fired, and those beyond what lag compensation covers. */
  shots: { fired: 0, beyondCompensation: 0 },
};

/** Counts what the per-client guard decided about one frame or payload. */
export function countFrameVerdict(verdict: FrameVerdict): void {
  if (verdict.action === "drop") metrics.messagesDropped++;
  else if (verdict.action === "reject") metrics.protocolViolations++;
  else if (verdict.action === "close") {
    metrics.clientsClosed[verdict.abuse]++;
    if (verdict.abuse === "flood") metrics.messagesDropped++;
    else metrics.protocolViolations++;
  }
}

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
  const labelled = (name: string, help: string, label: string, values: Record<string, number>) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
    for (const [key, value] of Object.entries(values)) lines.push(`${name}{${label}="${key}"} ${value}`);
  };
  gauge("skirmish_rooms", "Rooms open in this process.", matchMaker.stats.local.roomCount);
  gauge("skirmish_clients", "Clients connected to this process.", matchMaker.stats.local.ccu);
  const summary = (name: string, help: string, times: TickTimes) => lines.push(
    `# HELP ${name} ${help}`,
    `# TYPE ${name} summary`,
    `${name}{quantile="0.5"} ${times.quantile(0.5)}`,
    `${name}{quantile="0.99"} ${times.quantile(0.99)}`,
    `${name}_count ${times.total}`,
  );
  summary("skirmish_tick_ms", "Game step duration over the last ticks of all rooms, in milliseconds.", metrics.tickMs);
  summary("skirmish_patch_ms", "Encoding and sending one state patch to a room's clients, over the last patches of all rooms, in milliseconds.", metrics.patchMs);
  gauge("skirmish_ticks_total", "Fixed steps run by all rooms.", metrics.tickMs.total, "counter");
  gauge("skirmish_joins_total", "Players that joined a room.", metrics.joins, "counter");
  gauge("skirmish_inputs_applied_total", "Input frames taken from the playout buffers and applied.", metrics.playout.taken, "counter");
  gauge("skirmish_input_wait_ticks_total", "Inputs left waiting in playout buffers, summed over ticks; divided by inputs applied, the mean ticks an input waits.", metrics.playout.waitTicks, "counter");
  gauge("skirmish_input_stalls_total", "Ticks on which a player's playout buffer ran dry.", metrics.playout.stalls, "counter");
  gauge("skirmish_input_double_steps_total", "Ticks on which a player took two inputs to drain a backlog.", metrics.playout.doubleSteps, "counter");
  gauge("skirmish_shots_total", "Shots fired.", metrics.shots.fired, "counter");
  gauge("skirmish_shots_beyond_compensation_total", "Shots whose shooter's view lagged more than rewind and advance cover together.", metrics.shots.beyondCompensation, "counter");
  gauge("skirmish_protocol_violations_total", "Unknown or malformed messages.", metrics.protocolViolations, "counter");
  gauge("skirmish_room_errors_total", "Exceptions caught in room handlers or ticks.", metrics.roomErrors, "counter");
  gauge("skirmish_rooms_closed_on_error_total", "Rooms closed because their tick kept failing.", metrics.roomsClosedOnError, "counter");
  gauge("skirmish_rooms_refused_total", "Room creations refused at MAX_ROOMS.", metrics.roomsRefused, "counter");
  gauge("skirmish_messages_dropped_total", "Client messages over the per-client budget, discarded.", metrics.messagesDropped, "counter");
  labelled("skirmish_clients_closed_total", "Clients closed by the server, by reason.", "reason", metrics.clientsClosed);
  labelled("skirmish_connections_refused_total", "WebSocket handshakes refused, by reason.", "reason", metrics.connectionsRefused);
  labelled("skirmish_matchmaking_refused_total", "Matchmaking requests refused, by reason.", "reason", metrics.matchmakingRefused);
  gauge("process_cpu_seconds_total", "User and system CPU time.", (cpu.user + cpu.system) / 1e6, "counter");
  // The share of wall time the one thread that runs every room was busy: its rate is the event-loop utilization.
  gauge("nodejs_eventloop_busy_seconds_total", "Time the event loop spent running code rather than waiting.", performance.eventLoopUtilization().active / 1000, "counter");
  gauge("process_resident_memory_bytes", "Resident memory.", mem.rss);
  gauge("nodejs_heap_used_bytes", "V8 heap in use.", mem.heapUsed);
  return lines.join("\n") + "\n";
}
