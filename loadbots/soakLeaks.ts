// The soak's verdict on leaks: what each server process holds once the bots have left and
// a settle period has passed, against what it held before they came; the heap's floor
// late in the load against its floor early on (a leak that grows while the server is
// busy); and Redis presence entries. Pure functions of the readings, so a synthetic series
// can show that a real leak fails.
import { sumSeries } from "./metricsProbe.ts";

const MiB = 2 ** 20;

/** What one server process holds, from one /metrics reading. */
export interface ProcessLevels {
  heapUsedBytes: number;
  rssBytes: number;
  /** What V8 holds for its heap, used or not (nodejs_heap_size_total_bytes); null when not exported. */
  heapTotalBytes: number | null;
  /** Memory outside the V8 heap that JS objects own (nodejs_external_memory_bytes), and its ArrayBuffer/Buffer part (nodejs_array_buffers_bytes). */
  externalBytes: number | null;
  arrayBuffersBytes: number | null;
  /** libuv handles (sockets, servers, ...): nodejs_active_handles_total. */
  handles: number;
  /** Timers pending (nodejs_active_resources{type="Timeout"}); null when the process does not export them. */
  timers: number | null;
  rooms: number;
  clients: number;
  /** process_start_time_seconds: a change means the process restarted. */
  startTimeSeconds: number | null;
  /** Cumulative counters, for deltas over the soak. */
  roomErrors: number;
  unhandledRejections: number;
  /** Rooms created / disposed since the process started, when it exports such counters; null otherwise. */
  roomsCreated: number | null;
  roomsDisposed: number | null;
  /** Full (mark-compact) collections since the process started: nodejs_gc_duration_seconds_count{kind="major"}. */
  majorGcs: number | null;
}

/** Counter names read when the server exports them (it does not yet: see docs/LOADBOTS.md, "Soak test"). */
export const ROOMS_CREATED_COUNTER = "skirmish_rooms_created_total";
export const ROOMS_DISPOSED_COUNTER = "skirmish_rooms_disposed_total";

const has = (values: Map<string, number>, name: string) => {
  for (const key of values.keys()) if (key === name || key.startsWith(`${name}{`)) return true;
  return false;
};

export function levelsFromMetrics(values: Map<string, number>): ProcessLevels {
  const optional = (name: string) => (has(values, name) ? sumSeries(values, name) : null);
  return {
    heapUsedBytes: values.get("nodejs_heap_size_used_bytes") ?? 0,
    rssBytes: values.get("process_resident_memory_bytes") ?? 0,
    heapTotalBytes: values.get("nodejs_heap_size_total_bytes") ?? null,
    externalBytes: values.get("nodejs_external_memory_bytes") ?? null,
    arrayBuffersBytes: values.get("nodejs_array_buffers_bytes") ?? null,
    handles: values.get("nodejs_active_handles_total") ?? 0,
    timers: values.get('nodejs_active_resources{type="Timeout"}') ?? (has(values, "nodejs_active_resources") ? 0 : null),
    rooms: sumSeries(values, "skirmish_rooms"),
    clients: values.get("skirmish_clients") ?? 0,
    startTimeSeconds: values.get("process_start_time_seconds") ?? null,
    roomErrors: values.get("skirmish_room_errors_total") ?? 0,
    unhandledRejections: values.get("skirmish_unhandled_rejections_total") ?? 0,
    roomsCreated: optional(ROOMS_CREATED_COUNTER),
    roomsDisposed: optional(ROOMS_DISPOSED_COUNTER),
    majorGcs: values.get('nodejs_gc_duration_seconds_count{kind="major"}') ?? null,
  };
}

export interface LeakTolerances {
  /** Heap once settled may exceed the start by this many bytes, or by heapShare of the start, whichever is more. */
  heapBytes: number;
  heapShare: number;
  /** Handles (sockets and the like) above the start allowed once settled. */
  handles: number;
  /** Timers above the start allowed once settled. */
  timers: number;
  /** Heap floor in the last quarter of the load may exceed the floor in its second quarter by this many bytes, or by this share of it. */
  growthBytes: number;
  growthShare: number;
  /** The growth check needs a load phase at least this long (shorter ones are too noisy to judge). */
  growthMinSeconds: number;
}

export const DEFAULT_TOLERANCES: LeakTolerances = {
  heapBytes: 16 * MiB,
  heapShare: 0.25,
  handles: 4,
  timers: 4,
  growthBytes: 8 * MiB,
  growthShare: 0.1,
  growthMinSeconds: 240,
};

export interface LeakCheck {
  name: string;
  /** The server process it is about (host:port), or null for the whole soak. */
  process: string | null;
  start: number | string | null;
  end: number | string | null;
  /** The most `end` may be, in words. */
  limit: string;
  passed: boolean;
  /** A check that could not be made (the figure is not exported, or the load was too short): passed, but said. */
  skipped?: string;
  /** What may explain a failure. */
  note?: string;
}

/** One process's heap over the load phase: [seconds since the load began, heap bytes]. */
export type HeapSeries = readonly (readonly [number, number])[];

export interface LeakInput {
  labels: readonly string[];
  /** Each process before the bots came (null: never read). */
  start: readonly (ProcessLevels | null)[];
  /** Each process once settled (null: no answer, e.g. it crashed). */
  end: readonly (ProcessLevels | null)[];
  /** The highest heap seen during the baseline, per process (GC noise: the start's own spread). */
  startHeapMax?: readonly (number | null)[];
  heapDuringLoad: readonly HeapSeries[];
  /**
   * Each process's lowest heap reading since the bots left: garbage stays in the heap until
   * V8's next full collection (an idle server runs one about a minute after a load), so the
   * floor, not the last reading, is what the server still holds. The last reading when absent.
   */
  endHeapFloor?: readonly (number | null)[];
  /** Each process's full collections when the bots began to leave: none since means the heap still holds their garbage. */
  majorGcsAtLoadEnd?: readonly (number | null)[];
  loadSeconds: number;
  /** Redis entries (key → "type size"), before and after; null when not checked. */
  redis: { start: Record<string, string>; end: Record<string, string> } | null;
  tolerances: LeakTolerances;
}

const mib = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;

/** The heap's floor (lowest reading) within [from, to) seconds of the load: the live set after a collection. */
export function heapFloor(series: HeapSeries, from: number, to: number): number | null {
  let floor: number | null = null;
  for (const [t, heap] of series) if (t >= from && t < to && (floor === null || heap < floor)) floor = heap;
  return floor;
}

/**
 * Whether the heap grew while the load went on: its floor in the last quarter of the load
 * against its floor in the second quarter (the first is warm-up: code compiled, caches
 * filled). Null when the load was too short to tell.
 */
export function heapGrowth(series: HeapSeries, loadSeconds: number, tol: LeakTolerances): { early: number; late: number; limit: number; passed: boolean } | null {
  if (loadSeconds < tol.growthMinSeconds) return null;
  const early = heapFloor(series, loadSeconds / 4, loadSeconds / 2);
  const late = heapFloor(series, (loadSeconds * 3) / 4, loadSeconds + 1);
  if (early === null || late === null) return null;
  const limit = early + Math.max(tol.growthBytes, early * tol.growthShare);
  return { early, late, limit, passed: late <= limit };
}

/** The heap a settled process may hold: its start plus the larger of the two tolerances. */
export const heapLimit = (startHeap: number, tol: LeakTolerances) => startHeap + Math.max(tol.heapBytes, startHeap * tol.heapShare);

export function judgeLeaks(input: LeakInput): { checks: LeakCheck[]; passed: boolean } {
  const tol = input.tolerances;
  const checks: LeakCheck[] = [];
  input.labels.forEach((label, i) => {
    const start = input.start[i];
    const end = input.end[i];
    if (!start || !end) {
      checks.push({ name: "metrics read", process: label, start: start ? "read" : "no answer", end: end ? "read" : "no answer", limit: "an answer before and after", passed: false });
      return;
    }
    const exact = (name: string, a: number, b: number) => checks.push({ name, process: label, start: a, end: b, limit: `≤ ${a}`, passed: b <= a });
    exact("rooms", start.rooms, end.rooms);
    exact("clients", start.clients, end.clients);
    checks.push({ name: "handles", process: label, start: start.handles, end: end.handles, limit: `≤ ${start.handles + tol.handles}`, passed: end.handles <= start.handles + tol.handles });
    if (start.timers === null || end.timers === null) {
      checks.push({ name: "timers", process: label, start: null, end: null, limit: "–", passed: true, skipped: "nodejs_active_resources is not exported" });
    } else {
      checks.push({ name: "timers", process: label, start: start.timers, end: end.timers, limit: `≤ ${start.timers + tol.timers}`, passed: end.timers <= start.timers + tol.timers });
    }
    const startHeap = Math.max(start.heapUsedBytes, input.startHeapMax?.[i] ?? 0);
    const limit = heapLimit(startHeap, tol);
    const endHeap = input.endHeapFloor?.[i] ?? end.heapUsedBytes;
    const heapPassed = endHeap <= limit;
    const gcsBefore = input.majorGcsAtLoadEnd?.[i] ?? null;
    const noCollection = !heapPassed && gcsBefore !== null && end.majorGcs !== null && end.majorGcs <= gcsBefore;
    checks.push({
      name: "heap used (MiB)", process: label, start: mib(startHeap), end: mib(endHeap), limit: `≤ ${mib(limit)}`, passed: heapPassed,
      ...(noCollection ? { note: "no full garbage collection ran after the bots left, so the heap still holds their garbage: a longer --settle gives V8 time to collect it (an idle server here collected about 70 s after the load)" } : {}),
    });
    const growth = heapGrowth(input.heapDuringLoad[i] ?? [], input.loadSeconds, tol);
    checks.push(growth
      ? { name: "heap floor during load (MiB): 2nd quarter → last quarter", process: label, start: mib(growth.early), end: mib(growth.late), limit: `≤ ${mib(growth.limit)}`, passed: growth.passed }
      : { name: "heap floor during load (MiB): 2nd quarter → last quarter", process: label, start: null, end: null, limit: "–", passed: true,
        skipped: `the load phase must last ${tol.growthMinSeconds} s or more` });
    checks.push({ name: "restarts", process: label, start: start.startTimeSeconds, end: end.startTimeSeconds, limit: "the same start time", passed: start.startTimeSeconds === end.startTimeSeconds });
    const delta = (name: string, a: number, b: number) => checks.push({ name, process: label, start: a, end: b, limit: `${a} (none new)`, passed: b <= a });
    delta("room errors (skirmish_room_errors_total)", start.roomErrors, end.roomErrors);
    delta("unhandled rejections", start.unhandledRejections, end.unhandledRejections);
    if (end.roomsCreated !== null && end.roomsDisposed !== null) {
      const open = end.roomsCreated - end.roomsDisposed;
      checks.push({ name: "rooms created − disposed", process: label, start: `${end.roomsCreated} − ${end.roomsDisposed}`, end: open, limit: `= rooms open (${end.rooms})`, passed: open === end.rooms });
    }
  });
  if (input.redis) {
    const { start, end } = input.redis;
    const changed = [...new Set([...Object.keys(start), ...Object.keys(end)])].filter((key) => start[key] !== end[key]).sort();
    const listed = changed.slice(0, 10).map((k) => `${k} (${start[k] ?? "absent"} → ${end[k] ?? "absent"})`).join(", ");
    checks.push({
      name: "Redis entries (keys and their sizes)",
      process: null,
      start: Object.keys(start).length,
      end: Object.keys(end).length,
      limit: `the same keys, each the same size${changed.length > 0 ? `; changed: ${listed}${changed.length > 10 ? ", …" : ""}` : ""}`,
      passed: changed.length === 0,
    });
  }
  return { checks, passed: checks.every((c) => c.passed) };
}
