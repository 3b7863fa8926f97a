import assert from "node:assert/strict";
import { ChurnPlan, MIN_LIVE_BEFORE_ACTION_MS } from "../../../loadbots/churn.ts";
import { SOAK_CHURN } from "../../../loadbots/soak.ts";
import { parseSoakCli, soakHelp, type SoakOptions } from "../../../loadbots/soakOptions.ts";

const NOW = new Date("2030-01-02T03:04:05.678Z");

function run(args: string[]): SoakOptions {
  const result = parseSoakCli(args, NOW);
  assert.equal(result.kind, "run", result.kind === "error" ? result.message : "");
  return (result as { options: SoakOptions }).options;
}

const error = (args: string[]) => {
  const result = parseSoakCli(args, NOW);
  assert.equal(result.kind, "error", `expected ${args.join(" ")} to be rejected`);
  return (result as { message: string }).message;
};

describe("soak options", () => {
  it("defaults to 200 bots for 30 minutes on one server process it starts itself", () => {
    const o = run([]);
    assert.deepEqual([o.minutes, o.cycles, o.bots, o.urls, o.processes, o.redisUrl, o.churnSeconds, o.settleSeconds, o.maxErrors, o.heapToleranceMiB, o.heapTolerancePercent],
      [30, 1, 200, [], 1, null, 30, 120, 0, 16, 25]);
    assert.equal(o.outDir, "soak-output/2030-01-02T03-04-05-678Z");
  });

  it("reads fractional minutes, several --url, --metrics-url and --redis-url", () => {
    const o = run(["--minutes", "0.5", "--bots", "30", "--url", "ws://127.0.0.1:1,ws://127.0.0.1:2", "--metrics-url", "http://127.0.0.1:9/metrics",
      "--redis-url", "redis://127.0.0.1:6379", "--churn", "8", "--out", "/tmp/s"]);
    assert.deepEqual([o.minutes, o.bots, o.urls, o.metricsEndpoints, o.redisUrl, o.churnSeconds, o.outDir],
      [0.5, 30, ["ws://127.0.0.1:1", "ws://127.0.0.1:2"], ["http://127.0.0.1:9/metrics"], "redis://127.0.0.1:6379", 8, "/tmp/s"]);
    assert.equal(run(["--processes", "2"]).processes, 2);
    assert.deepEqual([run(["--cycles", "3", "--minutes", "10"]).cycles, run(["--cycles", "3"]).minutes], [3, 30]);
    // Several cycles wait longer for each settle (a full GC included), unless told.
    assert.deepEqual([run(["--cycles", "2"]).settleSeconds, run(["--cycles", "2", "--settle", "60"]).settleSeconds], [300, 60]);
  });

  const rejections: [string[], RegExp][] = [
    [["--minutes", "0"], /--minutes must be a number from 0.25/],
    [["--processes", "3"], /--processes must be a whole number from 1 to 2/],
    [["--cycles", "0"], /--cycles must be a whole number from 1 to 100/],
    [["--churn", "2"], /--churn must be a number from 6/],
    [["--url", "ws://127.0.0.1:1", "--processes", "2"], /leave it out with --url/],
    [["--metrics-url", "http://127.0.0.1:9/metrics"], /applies to servers given with --url/],
    [["--redis-url", "redis://x"], /applies to servers given with --url/],
    [["--url", "http://127.0.0.1:1"], /ws:\/\/ or wss:\/\//],
    [["--url", "ws://example.com:1"], /--allow-remote/],
    [["--url", "ws://127.0.0.1:1", "--redis-url", "http://x"], /redis:\/\//],
    [["--bogus"], /Unknown option/],
  ];
  for (const [args, pattern] of rejections) it(`rejects ${args.join(" ")}`, () => assert.match(error(args), pattern));

  it("lists every option with its default in --help", () => {
    assert.equal(parseSoakCli(["--help"]).kind, "help");
    for (const flag of ["minutes", "bots", "processes", "url", "metrics-url", "redis-url", "churn", "settle", "max-errors", "heap-tolerance", "out"]) {
      const line = soakHelp().split("\n").find((l) => l.trimStart().startsWith(`--${flag} `));
      assert.ok(line, `--${flag} missing`);
      assert.match(line, /\[default: [^\]]+\]/);
    }
  });
});

describe("soak churn plan", () => {
  it("is reproducible from the seed, waits at least the SDK's reconnect uptime, and follows the weights", () => {
    const settings = { ...SOAK_CHURN, meanSeconds: 8 };
    const a = new ChurnPlan(settings, 42), b = new ChurnPlan(settings, 42);
    const waits = Array.from({ length: 200 }, () => a.nextWaitMs());
    assert.deepEqual(waits, Array.from({ length: 200 }, () => b.nextWaitMs()));
    assert.ok(waits.every((w) => w >= MIN_LIVE_BEFORE_ACTION_MS && w <= 12_000), `waits ${Math.min(...waits)}–${Math.max(...waits)}`);
    const counts = { drop: 0, reload: 0, rejoin: 0 };
    for (let i = 0; i < 10_000; i++) counts[a.pickAction()]++;
    assert.ok(Math.abs(counts.drop / 10_000 - 0.35) < 0.03 && Math.abs(counts.reload / 10_000 - 0.15) < 0.03, JSON.stringify(counts));
    const creates = Array.from({ length: 4000 }, () => a.rejoin().role).filter((r) => r === "create").length;
    assert.ok(Math.abs(creates / 4000 - 0.25) < 0.03, `${creates} creates`);
    for (let i = 0; i < 100; i++) {
      const pause = a.rejoinPauseMs();
      assert.ok(pause >= 500 && pause <= 5000);
    }
  });
});
