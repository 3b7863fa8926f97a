// What a server instance measures, exported in the Prometheus format with prom-client.
// Each server has its own registry (tests boot many and compare nothing global); what
// belongs to the process (CPU, memory, GC, event loop: prom-client's default metrics) is
// one registry for the process, rendered beside it. Hot paths (every frame, every tick)
// bump plain numbers; the registry reads them when scraped. Labels name kinds and reasons,
// never a player or a room id, so the number of series stays fixed.
import { performance } from "node:perf_hooks";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { newPlayoutCounters } from "./game/inputPlayout.ts";
import type { AbuseKind, FrameVerdict } from "./net/ClientGuard.ts";
import type { ConnectionRefusalReason, RequestRefusalReason } from "./net/NetworkGuards.ts";
import { newTraffic, TRAFFIC_KINDS } from "./net/trafficMeter.ts";

/** Room types, as labelled. */
export type RoomType = "arena" | "lobby";

/** Why the server closed a client, as labelled (admin and drain closes included). */
export type CloseReason = AbuseKind | "slow_consumer" | "kicked" | "room_closed" | "room_error" | "shutdown";
const CLOSE_REASONS: readonly CloseReason[] = ["flood", "protocol", "slow_consumer", "kicked", "room_closed", "room_error", "shutdown"];

/** Why a join or room creation was refused before a seat was given, as labelled. */
export type JoinRefusalReason = "max_rooms";

/** What a live room reports about itself to the rooms gauge. */
export interface RoomSnapshot {
  type: RoomType;
  mode: string;
  phase: string;
  clients: number;
}

/** Seconds, from 50 µs to 100 ms: a 30 Hz tick has 33 ms, and its usual step is well under one. */
const DURATION_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.033, 0.1];

export class ServerMetrics {
  readonly registry = new Registry();
  /** The game step of a tick (inputs, movement, shots, pickups), per room type. */
  readonly tickSeconds: Histogram<"room">;
  /** Encoding and sending one state patch to a room's clients. */
  readonly patchSeconds: Histogram<"room">;
  /** Live rooms, read when scraped. */
  readonly rooms = new Set<{ snapshot(): RoomSnapshot }>();

  /** A room starts counting (its creation was accepted). */
  roomOpened(room: { snapshot(): RoomSnapshot }, type: RoomType): void {
    this.rooms.add(room);
    this.counts.roomsCreated[type]++;
  }

  roomClosed(room: { snapshot(): RoomSnapshot }, type: RoomType): void {
    if (this.rooms.delete(room)) this.counts.roomsDisposed[type]++;
  }

  // Plain numbers bumped on hot paths; the registry reads them.
  readonly counts = {
    joins: 0,
    leaves: 0,
    reconnections: 0,
    protocolViolations: 0,
    roomErrors: 0,
    roomsClosedOnError: 0,
    /** Messages over a client's budget, discarded before decoding. */
    messagesDropped: 0,
    unhandledRejections: 0,
    roomsCreated: { arena: 0, lobby: 0 } satisfies Record<RoomType, number>,
    roomsDisposed: { arena: 0, lobby: 0 } satisfies Record<RoomType, number>,
    clientsClosed: zeroes(CLOSE_REASONS),
    connectionsRefused: { origin: 0, connections_per_ip: 0 } satisfies Record<ConnectionRefusalReason, number>,
    matchmakingRefused: { origin: 0, join_rate: 0, body_too_large: 0, length_required: 0, draining: 0, directory_unreachable: 0 } satisfies Record<RequestRefusalReason, number>,
    joinsRefused: { max_rooms: 0 } satisfies Record<JoinRefusalReason, number>,
  };
  /** What the players' input playout buffers did, summed over every room. */
  readonly playout = newPlayoutCounters();
  /** Shots fired, and those beyond what lag compensation covers. */
  readonly shots = { fired: 0, beyondCompensation: 0 };
  /** WebSocket messages and payload bytes in and out, by kind (see trafficMeter.ts). */
  readonly traffic = newTraffic();

  constructor(readonly localClients: () => number = () => 0) {
    const registers = [this.registry];
    const histogram = (name: string, help: string) => new Histogram({ name, help, labelNames: ["room"] as const, buckets: DURATION_BUCKETS, registers });
    this.tickSeconds = histogram("skirmish_tick_duration_seconds", "Game step of one tick (inputs, movement, shots, pickups).");
    this.patchSeconds = histogram("skirmish_patch_duration_seconds", "Encoding and sending one state patch to a room's clients.");

    const counter = (name: string, help: string, read: () => number) => new Counter({
      name, help, registers,
      collect() { this.reset(); this.inc(read()); },
    });
    const labelled = <L extends string>(name: string, help: string, label: L, read: () => Record<string, number>) => new Counter({
      name, help, registers, labelNames: [label] as const,
      collect() {
        this.reset();
        for (const [key, value] of Object.entries(read())) this.inc({ [label]: key } as Record<L, string>, value);
      },
    });
    const c = this.counts;
    counter("skirmish_joins_total", "Players that joined a room.", () => c.joins);
    counter("skirmish_leaves_total", "Players that left a room for good (after any reconnection window).", () => c.leaves);
    counter("skirmish_reconnections_total", "Players that came back within their reconnection window.", () => c.reconnections);
    counter("skirmish_protocol_violations_total", "Unknown or malformed messages.", () => c.protocolViolations);
    counter("skirmish_room_errors_total", "Exceptions caught in room handlers or ticks.", () => c.roomErrors);
    counter("skirmish_rooms_closed_on_error_total", "Rooms closed because their tick kept failing.", () => c.roomsClosedOnError);
    counter("skirmish_messages_dropped_total", "Client messages over the per-client budget, discarded.", () => c.messagesDropped);
    counter("skirmish_unhandled_rejections_total", "Promises rejected with nobody to handle them (a bug: see the logs).", () => c.unhandledRejections);
    labelled("skirmish_rooms_created_total", "Rooms created, by room type.", "room", () => c.roomsCreated);
    labelled("skirmish_rooms_disposed_total", "Rooms disposed, by room type; created minus disposed is the rooms open.", "room", () => c.roomsDisposed);
    labelled("skirmish_clients_closed_total", "Clients closed by the server, by reason.", "reason", () => c.clientsClosed);
    labelled("skirmish_connections_refused_total", "WebSocket handshakes refused, by reason.", "reason", () => c.connectionsRefused);
    labelled("skirmish_matchmaking_refused_total", "Matchmaking requests refused before Colyseus saw them, by reason.", "reason", () => c.matchmakingRefused);
    labelled("skirmish_joins_refused_total", "Room creations or joins refused by this server, by reason.", "reason", () => c.joinsRefused);

    const p = this.playout;
    counter("skirmish_inputs_applied_total", "Input frames taken from the playout buffers and applied.", () => p.taken);
    counter("skirmish_input_wait_ticks_total", "Inputs left waiting in playout buffers, summed over ticks; divided by inputs applied, the mean ticks an input waits.", () => p.waitTicks);
    counter("skirmish_input_stalls_total", "Ticks on which a player's playout buffer ran dry.", () => p.stalls);
    counter("skirmish_input_double_steps_total", "Ticks on which a player took two inputs to drain a backlog.", () => p.doubleSteps);
    counter("skirmish_shots_total", "Shots fired.", () => this.shots.fired);
    counter("skirmish_shots_beyond_compensation_total", "Shots whose shooter's view lagged more than rewind and advance cover together.", () => this.shots.beyondCompensation);

    const byKind = (values: Float64Array) => Object.fromEntries(TRAFFIC_KINDS.map((kind, i) => [kind, values[i]]));
    const t = this.traffic;
    labelled("skirmish_messages_received_total", "WebSocket messages received from clients, by kind.", "kind", () => byKind(t.messagesIn));
    labelled("skirmish_received_bytes_total", "Payload bytes of the WebSocket messages received, by kind (framing not included).", "kind", () => byKind(t.bytesIn));
    labelled("skirmish_messages_sent_total", "WebSocket messages sent to clients, by kind.", "kind", () => byKind(t.messagesOut));
    labelled("skirmish_sent_bytes_total", "Payload bytes of the WebSocket messages sent, by kind (framing not included).", "kind", () => byKind(t.bytesOut));

    const rooms = this.rooms;
    new Gauge({
      name: "skirmish_clients", help: "Clients connected to this process.", registers,
      collect() { this.set(localClients()); },
    });
    new Gauge({
      name: "skirmish_rooms", help: "Rooms open in this process, by room type, mode and match phase.", registers,
      labelNames: ["room", "mode", "phase"] as const,
      collect() {
        this.reset();
        for (const room of rooms) {
          const { type, mode, phase } = room.snapshot();
          this.inc({ room: type, mode, phase });
        }
      },
    });
  }

  /** Counts what the per-client guard decided about one frame or payload. */
  countFrameVerdict(verdict: FrameVerdict): void {
    const c = this.counts;
    if (verdict.action === "drop") c.messagesDropped++;
    else if (verdict.action === "reject") c.protocolViolations++;
    else if (verdict.action === "close") {
      c.clientsClosed[verdict.abuse]++;
      if (verdict.abuse === "flood") c.messagesDropped++;
      else c.protocolViolations++;
    }
  }

  /** The Prometheus text of this server and of its process. */
  async render(): Promise<string> {
    return (await processRegistry().metrics()) + (await this.registry.metrics());
  }

  readonly contentType = this.registry.contentType;
}

let processMetrics: Registry | undefined;

/** prom-client's default metrics (CPU, memory, GC, event-loop lag, handles), once per process. */
function processRegistry(): Registry {
  if (processMetrics) return processMetrics;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // The share of wall time the one thread that runs every room was busy: its rate is the event-loop utilization.
  new Counter({
    name: "nodejs_eventloop_busy_seconds_total", help: "Time the event loop spent running code rather than waiting.", registers: [registry],
    collect() { this.reset(); this.inc(performance.eventLoopUtilization().active / 1000); },
  });
  // The defaults export external memory but not its ArrayBuffer part (Buffers, the sockets' frames):
  // with the heap's committed size, it tells what of the resident memory is V8's, Node's buffers' or the allocator's.
  new Gauge({
    name: "nodejs_array_buffers_bytes", help: "Memory of ArrayBuffers and Node Buffers, in bytes (part of nodejs_external_memory_bytes).", registers: [registry],
    collect() { this.set(process.memoryUsage().arrayBuffers); },
  });
  processMetrics = registry;
  return registry;
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}
