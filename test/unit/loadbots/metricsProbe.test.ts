import assert from "node:assert/strict";
import { histogramQuantile, MetricsProbe, metricsUrl, parsePrometheus } from "../../../loadbots/metricsProbe.ts";

/** A scrape whose tick histogram has `fast` ticks under 0.5 ms and `slow` ones between 1 and 2 ms. */
const exposition = (cpuSeconds: number, busySeconds = 4, fast = 99, slow = 1) => `# HELP skirmish_rooms Rooms open in this process.
# TYPE skirmish_rooms gauge
skirmish_rooms{room="arena",mode="ffa",phase="playing"} 30
skirmish_rooms{room="lobby",mode="none",phase="none"} 1
skirmish_clients 496
# TYPE skirmish_tick_duration_seconds histogram
skirmish_tick_duration_seconds_bucket{le="0.0005",room="arena"} ${fast}
skirmish_tick_duration_seconds_bucket{le="0.001",room="arena"} ${fast}
skirmish_tick_duration_seconds_bucket{le="0.002",room="arena"} ${fast + slow}
skirmish_tick_duration_seconds_bucket{le="+Inf",room="arena"} ${fast + slow}
skirmish_tick_duration_seconds_count{room="arena"} ${fast + slow}
process_cpu_seconds_total ${cpuSeconds}
process_resident_memory_bytes 1.5e8
nodejs_eventloop_busy_seconds_total ${busySeconds}
`;

describe("loadbots metrics probe", () => {
  it("derives the /metrics URL from the game socket URL", () => {
    assert.equal(metricsUrl("ws://127.0.0.1:2567"), "http://127.0.0.1:2567/metrics");
    assert.equal(metricsUrl("wss://localhost/game/"), "https://localhost/game/metrics");
  });

  it("parses Prometheus text, labels included, comments skipped", () => {
    const values = parsePrometheus(exposition(12.5));
    assert.equal(values.get('skirmish_rooms{room="lobby",mode="none",phase="none"}'), 1);
    assert.equal(values.get('skirmish_tick_duration_seconds_bucket{le="+Inf",room="arena"}'), 100);
    assert.equal(values.get("process_resident_memory_bytes"), 150_000_000);
    assert.equal(values.has("# HELP skirmish_rooms"), false);
    assert.equal(values.size, 11);
  });

  it("reads quantiles from histogram buckets like histogram_quantile, null when empty", () => {
    const buckets: [number, number][] = [[1, 50], [2, 90], [4, 100], [Infinity, 100]];
    assert.equal(histogramQuantile(buckets, 0.5), 1);
    assert.equal(histogramQuantile(buckets, 0.7), 1.5);
    assert.equal(histogramQuantile(buckets, 0.95), 3);
    assert.equal(histogramQuantile([[1, 0], [Infinity, 0]], 0.5), null);
    assert.equal(histogramQuantile([[1, 5], [Infinity, 10]], 0.99), 1, "past the last bound: the last bound");
  });

  it("turns two readings into percent of a core and event-loop utilization", async () => {
    const readings = [exposition(10, 4), exposition(10.75, 4.3, 109, 91)];
    let now = 1000;
    const probe = new MetricsProbe("http://x/metrics", async () => readings.shift()!, () => now);
    const first = await probe.sample();
    assert.deepEqual(first, { tickP50Ms: 0.253, tickP99Ms: 0.5, cpuPercent: null, eventLoopUtilization: null, rssBytes: 150_000_000, clients: 496, rooms: 31 });
    now += 500;
    const second = (await probe.sample())!;
    assert.deepEqual([second.cpuPercent, second.eventLoopUtilization], [150, 0.6]);
    // Since the first reading: 10 fast ticks and 90 slow ones.
    assert.deepEqual([second.tickP50Ms, second.tickP99Ms], [1.444, 1.989]);
    assert.equal(probe.successes, 2);
  });

  it("yields null when the server does not answer", async () => {
    const probe = new MetricsProbe("http://x/metrics", async () => { throw new Error("ECONNREFUSED"); });
    assert.equal(await probe.sample(), null);
    assert.equal(probe.failures, 1);
    assert.equal(probe.lastError, "ECONNREFUSED");
  });
});
