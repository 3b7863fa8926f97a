// /metrics and /ready as an operator's tools see them: closed without a credential, and
// moving with a real match played by SDK clients.
import assert from "node:assert/strict";
import { parsePrometheus } from "../../loadbots/metricsProbe.ts";
import { MessageType } from "../../shared/protocol.ts";
import { readMetricsText, startTestServer, TEST_METRICS_TOKEN, waitForState, type TestServer } from "../helpers/server.ts";

const metricValue = (text: string, name: string) => parsePrometheus(text).get(name) ?? Number.NaN;

describe("operator endpoints", function () {
  this.timeout(20_000);
  let t: TestServer | undefined;
  afterEach(async () => { await t?.close(); t = undefined; });

  it("/metrics is not served without METRICS_TOKEN or METRICS_PORT", async () => {
    t = await startTestServer({ metricsToken: undefined });
    assert.equal((await fetch(`${t.httpUrl}/metrics`)).status, 404);
    assert.equal((await fetch(`${t.httpUrl}/health`)).status, 200, "health stays open");
  });

  it("/metrics with a token refuses a missing or wrong bearer with 401", async () => {
    t = await startTestServer();
    const missing = await fetch(`${t.httpUrl}/metrics`);
    assert.equal(missing.status, 401);
    assert.match(missing.headers.get("www-authenticate") ?? "", /^Bearer/);
    assert.equal((await fetch(`${t.httpUrl}/metrics`, { headers: { authorization: "Bearer wrong-token-wrong-token" } })).status, 401);
    assert.equal((await fetch(`${t.httpUrl}/metrics`, { headers: { authorization: TEST_METRICS_TOKEN } })).status, 401, "the scheme is required");
    const ok = await fetch(`${t.httpUrl}/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get("content-type") ?? "", /^text\/plain/);
  });

  it("METRICS_PORT serves /metrics alone on its own listener, without a token", async () => {
    t = await startTestServer({ metricsToken: undefined, metricsPort: 0, metricsHost: "127.0.0.1" });
    const port = t.server.metricsPort;
    assert.ok(port && port !== t.port);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    assert.match(text, /^skirmish_clients 0$/m);
    assert.match(text, /^process_cpu_seconds_total /m, "the process's default metrics are there");
    assert.match(text, /^nodejs_array_buffers_bytes \d+/m, "and the ArrayBuffer part of external memory");
    assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 404, "nothing else on the metrics port");
    assert.equal((await fetch(`${t.httpUrl}/metrics`)).status, 404, "and no /metrics on the game port");
  });

  it("/ready answers 200 once listening", async () => {
    t = await startTestServer();
    const ready = await fetch(`${t.httpUrl}/ready`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { ready: true, draining: false });
  });

  it("metrics follow a real match: ticks, clients, joins and leaves, traffic by kind", async () => {
    t = await startTestServer();
    const before = await readMetricsText(t);
    assert.equal(metricValue(before, "skirmish_clients"), 0);

    const a = await t.join({ name: "Ann" });
    const b = await t.join({ name: "Bob" });
    const ticked = a.state.tick;
    await waitForState(a, (s) => s.tick >= ticked + 30, 5000, "a second of ticks");
    const echoed = new Promise<void>((resolve) => a.onMessage(MessageType.ECHO, () => resolve()));
    a.send(MessageType.ECHO, { t: 1 });
    await echoed;

    const during = await readMetricsText(t);
    assert.equal(metricValue(during, "skirmish_clients"), 2);
    assert.equal(sumOf(during, 'skirmish_rooms{room="arena",mode="ffa",'), 1, "one arena room, in whatever phase");
    assert.ok(metricValue(during, 'skirmish_tick_duration_seconds_count{room="arena"}') >= 30, "the tick histogram counts ticks");
    assert.ok(metricValue(during, 'skirmish_patch_duration_seconds_count{room="arena"}') >= 10);
    assert.equal(metricValue(during, "skirmish_joins_total"), 2);
    assert.equal(metricValue(during, 'skirmish_rooms_created_total{room="arena"}'), 1);
    assert.equal(metricValue(during, 'skirmish_rooms_disposed_total{room="arena"}'), 0);
    assert.ok(metricValue(during, 'skirmish_sent_bytes_total{kind="patch"}') > 0, "patch bytes out");
    assert.ok(metricValue(during, 'skirmish_messages_sent_total{kind="state"}') >= 2, "each client got the full state once");
    assert.equal(metricValue(during, 'skirmish_messages_received_total{kind="echo"}'), 1);
    assert.equal(metricValue(during, 'skirmish_messages_sent_total{kind="echo"}'), 1);
    assert.ok(metricValue(during, 'skirmish_received_bytes_total{kind="join"}') >= 2, "join acknowledgements in");

    await b.leave();
    await waitForState(a, (s) => s.players.size === 1, 5000, "Bob gone from the world");
    const left = await readMetricsText(t);
    assert.equal(metricValue(left, "skirmish_leaves_total"), 1);
    assert.equal(metricValue(left, "skirmish_clients"), 1);
    assert.ok(metricValue(left, 'skirmish_tick_duration_seconds_count{room="arena"}') > metricValue(during, 'skirmish_tick_duration_seconds_count{room="arena"}'));
  });
});

/** The sum of a metric's series whose written name starts with `prefix`. */
function sumOf(text: string, prefix: string): number {
  return [...parsePrometheus(text)].filter(([name]) => name.startsWith(prefix)).reduce((sum, [, value]) => sum + value, 0);
}
