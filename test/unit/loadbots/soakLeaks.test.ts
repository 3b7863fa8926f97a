import assert from "node:assert/strict";
import { DEFAULT_TOLERANCES, heapGrowth, judgeLeaks, levelsFromMetrics, type HeapSeries, type LeakInput, type ProcessLevels } from "../../../loadbots/soakLeaks.ts";
import { parsePrometheus } from "../../../loadbots/metricsProbe.ts";
import { parseRedisEntries } from "../../../loadbots/soakRedis.ts";

const MiB = 2 ** 20;

const levels = (over: Partial<ProcessLevels> = {}): ProcessLevels => ({
  heapUsedBytes: 28 * MiB, rssBytes: 120 * MiB, heapTotalBytes: null, externalBytes: null, arrayBuffersBytes: null, handles: 5, timers: 2, rooms: 0, clients: 0, startTimeSeconds: 1_700_000_000,
  roomErrors: 0, unhandledRejections: 0, roomsCreated: null, roomsDisposed: null, majorGcs: 3, ...over,
});

/** A heap that saws between a floor and floor + 20 MiB every 30 s, the floor rising by `leakPerMinute` MiB a minute. */
function sawtooth(seconds: number, leakPerMinute: number, floorMiB = 40): HeapSeries {
  const series: [number, number][] = [];
  for (let t = 0; t <= seconds; t += 5) {
    const floor = floorMiB + (leakPerMinute * t) / 60;
    series.push([t, (floor + ((t % 30) / 30) * 20) * MiB]);
  }
  return series;
}

const input = (over: Partial<LeakInput> = {}): LeakInput => ({
  labels: ["127.0.0.1:1"], start: [levels()], end: [levels({ heapUsedBytes: 31 * MiB, majorGcs: 9 })],
  heapDuringLoad: [sawtooth(60, 0)], loadSeconds: 60, redis: null, tolerances: DEFAULT_TOLERANCES, ...over,
});

const failed = (result: ReturnType<typeof judgeLeaks>) => result.checks.filter((c) => !c.passed).map((c) => c.name);

describe("soak leak checks", () => {
  it("passes a server that is back at its start levels, skipping the growth check on a short load", () => {
    const result = judgeLeaks(input());
    assert.equal(result.passed, true, JSON.stringify(result.checks));
    const growth = result.checks.find((c) => c.name.startsWith("heap floor during load"));
    assert.match(growth?.skipped ?? "", /240 s or more/);
  });

  it("fails rooms, clients, handles and timers left behind", () => {
    const result = judgeLeaks(input({ end: [levels({ rooms: 1, clients: 2, handles: 5 + DEFAULT_TOLERANCES.handles + 1, timers: 2 + DEFAULT_TOLERANCES.timers + 1 })] }));
    assert.deepEqual(failed(result), ["rooms", "clients", "handles", "timers"]);
    // Within the tolerances: passes.
    assert.equal(judgeLeaks(input({ end: [levels({ handles: 5 + DEFAULT_TOLERANCES.handles, timers: 2 + DEFAULT_TOLERANCES.timers })] })).passed, true);
  });

  it("fails a heap that stays above start + max(16 MiB, 25%), and says when no full GC ran since the load", () => {
    // Start 28 MiB: the limit is 28 + 16 = 44 MiB.
    assert.equal(judgeLeaks(input({ end: [levels({ heapUsedBytes: 43.9 * MiB })] })).passed, true);
    const leaking = judgeLeaks(input({ end: [levels({ heapUsedBytes: 80 * MiB, majorGcs: 3 })], majorGcsAtLoadEnd: [3] }));
    assert.deepEqual(failed(leaking), ["heap used (MiB)"]);
    const heap = leaking.checks.find((c) => c.name === "heap used (MiB)")!;
    assert.deepEqual([heap.start, heap.end, heap.limit], [28, 80, "≤ 44"]);
    assert.match(heap.note ?? "", /no full garbage collection ran/);
    // A bigger start heap: 25% of it is the larger tolerance (100 → 125 MiB).
    assert.equal(judgeLeaks(input({ start: [levels({ heapUsedBytes: 100 * MiB })], end: [levels({ heapUsedBytes: 124 * MiB })] })).passed, true);
    assert.equal(judgeLeaks(input({ start: [levels({ heapUsedBytes: 100 * MiB })], end: [levels({ heapUsedBytes: 126 * MiB })] })).passed, false);
  });

  it("judges the heap by its floor since the bots left, not by garbage in the last reading", () => {
    const result = judgeLeaks(input({ end: [levels({ heapUsedBytes: 60 * MiB })], endHeapFloor: [30 * MiB] }));
    assert.equal(result.passed, true);
    assert.equal(judgeLeaks(input({ end: [levels({ heapUsedBytes: 60 * MiB })], endHeapFloor: [50 * MiB] })).passed, false);
  });

  it("catches a heap that grows under steady load over a long soak, and not a flat sawtooth", () => {
    const minutes30 = 30 * 60;
    const flat = judgeLeaks(input({ heapDuringLoad: [sawtooth(minutes30, 0)], loadSeconds: minutes30 }));
    assert.equal(flat.passed, true);
    // 1 MiB a minute: the floor goes from ~47.5 (2nd quarter) to ~62.5 MiB (last quarter), over the 8 MiB / 10% limit.
    const leak = judgeLeaks(input({ heapDuringLoad: [sawtooth(minutes30, 1)], loadSeconds: minutes30 }));
    assert.deepEqual(failed(leak), ["heap floor during load (MiB): 2nd quarter → last quarter"]);
    const growth = heapGrowth(sawtooth(minutes30, 1), minutes30, DEFAULT_TOLERANCES)!;
    assert.ok(growth.late - growth.early > 14 * MiB && growth.late - growth.early < 16 * MiB, `${(growth.late - growth.early) / MiB} MiB`);
    // A slow drift within the tolerance (0.2 MiB a minute, 3 MiB over the half) passes.
    assert.equal(judgeLeaks(input({ heapDuringLoad: [sawtooth(minutes30, 0.2)], loadSeconds: minutes30 })).passed, true);
  });

  it("fails restarts, new room errors and unhandled rejections, and an unread process", () => {
    const result = judgeLeaks(input({ end: [levels({ startTimeSeconds: 1_700_000_500, roomErrors: 2, unhandledRejections: 1 })] }));
    assert.deepEqual(failed(result), ["restarts", "room errors (skirmish_room_errors_total)", "unhandled rejections"]);
    assert.deepEqual(failed(judgeLeaks(input({ end: [null] }))), ["metrics read"]);
  });

  it("checks every process of a cluster on its own, and Redis entries key by key", () => {
    const result = judgeLeaks(input({
      labels: ["a:1", "b:2"], start: [levels(), levels()], end: [levels(), levels({ clients: 1 })], heapDuringLoad: [[], []],
      redis: { start: { roomcount: "hash 2" }, end: { roomcount: "hash 2", "room:abc": "hash 3" } },
    }));
    assert.deepEqual(result.checks.filter((c) => !c.passed).map((c) => `${c.name}@${c.process}`), ["clients@b:2", "Redis entries (keys and their sizes)@null"]);
    assert.match(result.checks.at(-1)!.limit, /room:abc \(absent → hash 3\)/);
    assert.equal(judgeLeaks(input({ redis: { start: { roomcount: "hash 2" }, end: { roomcount: "hash 2" } } })).passed, true);
  });

  it("checks rooms created − disposed against rooms open when the server exports those counters", () => {
    assert.deepEqual(failed(judgeLeaks(input({ end: [levels({ roomsCreated: 40, roomsDisposed: 39 })] }))), ["rooms created − disposed"]);
    assert.equal(judgeLeaks(input({ end: [levels({ roomsCreated: 40, roomsDisposed: 40 })] })).passed, true);
  });

  it("reads the levels from /metrics and Redis entries from redis-cli's output", () => {
    const values = parsePrometheus([
      "nodejs_heap_size_used_bytes 29360128", "process_resident_memory_bytes 125829120", "nodejs_active_handles_total 7",
      'nodejs_active_resources{type="Timeout"} 3', 'nodejs_active_resources{type="TCPSocketWrap"} 4',
      'skirmish_rooms{room="arena",mode="ffa",phase="playing"} 2', 'skirmish_rooms{room="lobby",mode="none",phase="none"} 1',
      "skirmish_clients 31", "process_start_time_seconds 1796304837", "skirmish_room_errors_total 0", "skirmish_unhandled_rejections_total 0",
      'nodejs_gc_duration_seconds_count{kind="major"} 12',
      "nodejs_heap_size_total_bytes 41943040", "nodejs_external_memory_bytes 4194304", "nodejs_array_buffers_bytes 1048576",
    ].join("\n"));
    assert.deepEqual(levelsFromMetrics(values), {
      heapUsedBytes: 28 * MiB, rssBytes: 120 * MiB, heapTotalBytes: 40 * MiB, externalBytes: 4 * MiB, arrayBuffersBytes: 1 * MiB, handles: 7, timers: 3, rooms: 3, clients: 31, startTimeSeconds: 1796304837,
      roomErrors: 0, unhandledRejections: 0, roomsCreated: null, roomsDisposed: null, majorGcs: 12,
    });
    assert.deepEqual(parseRedisEntries("roomcount\thash\t2\nabc:clients\tset\t3\n\n"), { roomcount: "hash 2", "abc:clients": "set 3" });
  });
});
