import assert from "node:assert/strict";
import { MetricsProbe, metricsUrl, parsePrometheus } from "../../../loadbots/metricsProbe.ts";

const exposition = (cpuSeconds: number, busySeconds = 4) => `# HELP skirmish_rooms Rooms open in this process.
# TYPE skirmish_rooms gauge
skirmish_rooms 31
skirmish_clients 496
# TYPE skirmish_tick_ms summary
skirmish_tick_ms{quantile="0.5"} 0.2525
skirmish_tick_ms{quantile="0.99"} 1.75
skirmish_tick_ms_count 123456
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
    assert.equal(values.get("skirmish_rooms"), 31);
    assert.equal(values.get('skirmish_tick_ms{quantile="0.99"}'), 1.75);
    assert.equal(values.get("process_resident_memory_bytes"), 150_000_000);
    assert.equal(values.has("# HELP skirmish_rooms"), false);
    assert.equal(values.size, 8);
  });

  it("turns two readings into percent of a core and event-loop utilization", async () => {
    const readings = [exposition(10, 4), exposition(10.75, 4.3)];
    let now = 1000;
    const probe = new MetricsProbe("http://x/metrics", async () => readings.shift()!, () => now);
    const first = await probe.sample();
    assert.deepEqual(first, { tickP50Ms: 0.253, tickP99Ms: 1.75, cpuPercent: null, eventLoopUtilization: null, rssBytes: 150_000_000, clients: 496, rooms: 31 });
    now += 500;
    const second = (await probe.sample())!;
    assert.deepEqual([second.cpuPercent, second.eventLoopUtilization], [150, 0.6]);
    assert.equal(probe.successes, 2);
  });

  it("yields null when the server does not answer", async () => {
    const probe = new MetricsProbe("http://x/metrics", async () => { throw new Error("ECONNREFUSED"); });
    assert.equal(await probe.sample(), null);
    assert.equal(probe.failures, 1);
    assert.equal(probe.lastError, "ECONNREFUSED");
  });
});
