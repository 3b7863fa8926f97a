import assert from "node:assert/strict";
import { helpText, MAX_CHAT_PER_MINUTE, parseCli, type SwarmOptions } from "../../../loadbots/options.ts";

const NOW = new Date("2030-01-02T03:04:05.678Z");

function run(args: string[]): SwarmOptions {
  const result = parseCli(args, NOW);
  assert.equal(result.kind, "run", result.kind === "error" ? result.message : "");
  return (result as { options: SwarmOptions }).options;
}

function error(args: string[]): string {
  const result = parseCli(args, NOW);
  assert.equal(result.kind, "error", `expected ${args.join(" ")} to be rejected`);
  return (result as { message: string }).message;
}

describe("loadbots options", () => {
  it("has defaults for everything", () => {
    const o = run([]);
    assert.equal(o.url, "ws://127.0.0.1:2567");
    assert.equal(o.clients, 50);
    assert.equal(o.rooms, 0);
    assert.equal(o.mode, "ffa");
    assert.equal(o.durationSeconds, 60);
    assert.equal(o.rampPerSecond, 100);
    assert.equal(o.seed, 1);
    assert.equal(o.outDir, "bots-output/2030-01-02T03-04-05-678Z");
    assert.equal(o.inputHz, 30);
    assert.equal(o.echoHz, 2);
    assert.equal(o.chatPerMinute, 0);
    assert.ok(o.workers >= 1);
    assert.equal(o.maxP99RttMs, null);
    assert.equal(o.maxErrors, null);
    assert.equal(o.findCapacity, false);
    assert.equal(o.p99BudgetMs, 50);
  });

  it("reads every option, in both --name value and --name=value forms", () => {
    const o = run([
      "--url", "wss://localhost:9000/game/", "--clients=500", "--duration", "90", "--rooms", "31", "--mode", "teams",
      "--ramp", "12.5", "--seed", "4294967295", "--out", "/tmp/x", "--input-hz", "20", "--echo-hz", "0.5",
      "--workers", "3", "--max-p99-rtt", "25.5", "--max-errors", "0",
    ]);
    assert.deepEqual(
      [o.url, o.clients, o.durationSeconds, o.rooms, o.mode, o.rampPerSecond, o.seed, o.outDir, o.inputHz, o.echoHz, o.workers, o.maxP99RttMs, o.maxErrors],
      ["wss://localhost:9000/game", 500, 90, 31, "teams", 12.5, 4294967295, "/tmp/x", 20, 0.5, 3, 25.5, 0],
    );
  });

  it("takes the capacity options only with --find-capacity, and caps its time at 900 s by default", () => {
    const o = run(["--find-capacity", "--p99-budget", "50", "--capacity-step", "100", "--capacity-window", "15"]);
    assert.deepEqual([o.findCapacity, o.p99BudgetMs, o.capacityStep, o.capacityWindowSeconds, o.durationSeconds], [true, 50, 100, 15, 900]);
    assert.equal(run(["--find-capacity", "--duration", "120"]).durationSeconds, 120);
    assert.match(error(["--p99-budget", "50"]), /--p99-budget only applies with --find-capacity/);
    assert.match(error(["--find-capacity", "--max-p99-rtt", "5"]), /use --p99-budget/);
  });

  const rejections: [string[], RegExp][] = [
    [["--clients", "0"], /--clients must be a whole number from 1 to 20000 \(got "0"\)/],
    [["--clients", "1.5"], /--clients must be a whole number/],
    [["--clients", "-3"], /--clients/],
    [["--clients", "abc"], /--clients must be a whole number/],
    [["--clients"], /argument missing/],
    [["--duration", "0"], /--duration must be a whole number from 1/],
    [["--ramp", "0"], /--ramp must be a number from 0.1 to 5000/],
    [["--input-hz", "61"], /--input-hz must be a whole number from 1 to 60/],
    [["--seed", "4294967296"], /--seed/],
    [["--mode", "duel"], /--mode must be one of ffa, teams \(got "duel"\)/],
    [["--url", "http://127.0.0.1:2567"], /--url must use ws:\/\/ or wss:\/\/ \(got http:\/\/\)/],
    [["--url", "not a url"], /--url is not a valid URL/],
    [["--url", "ws://127.0.0.1:2567/?x=1"], /query or fragment/],
    [["--url", "ws://example.com:2567"], /not this machine: add --allow-remote/],
    [["--clients", "10", "--rooms", "11"], /--rooms \(11\) cannot exceed --clients \(10\)/],
    [["--echo-hz", "10", "--input-hz", "5"], /--echo-hz \(10\) cannot exceed --input-hz \(5\)/],
    [["--bogus"], /Unknown option '--bogus'.*see --help/],
    [["stray"], /positional argument.*see --help/i],
  ];
  for (const [args, pattern] of rejections) {
    it(`rejects ${args.join(" ")}`, () => assert.match(error(args), pattern));
  }

  it("takes several servers, repeated or comma-separated, and a /metrics endpoint per process", () => {
    const o = run(["--url", "ws://127.0.0.1:1", "--url", "ws://127.0.0.1:2,ws://localhost:3/", "--metrics-url", "http://127.0.0.1:9/metrics,http://127.0.0.1:10/metrics"]);
    assert.deepEqual(o.urls, ["ws://127.0.0.1:1", "ws://127.0.0.1:2", "ws://localhost:3"]);
    assert.equal(o.url, "ws://127.0.0.1:1");
    assert.deepEqual(o.metricsEndpoints, ["http://127.0.0.1:9/metrics", "http://127.0.0.1:10/metrics"]);
    assert.equal(o.metricsEndpoint, "http://127.0.0.1:9/metrics");
    assert.deepEqual([run([]).urls, run([]).metricsEndpoints, run([]).metricsEndpoint], [["ws://127.0.0.1:2567"], [], null]);
    assert.match(error(["--url", "ws://127.0.0.1:1,ws://example.com:2"]), /example\.com, not this machine/);
    assert.match(error(["--url", "ws://127.0.0.1:1,ws://127.0.0.1:1"]), /the same server twice/);
    assert.match(error(["--url", "ws://127.0.0.1:1,http://127.0.0.1:2"]), /--url must use ws:\/\//);
  });

  it("allows a remote server only when asked", () => {
    assert.equal(run(["--url", "ws://example.com:2567", "--allow-remote"]).url, "ws://example.com:2567");
  });

  it("keeps --chat within the server's chat rate limit", () => {
    assert.equal(run(["--chat", "6"]).chatPerMinute, 6);
    assert.equal(run(["--chat", String(MAX_CHAT_PER_MINUTE)]).chatPerMinute, MAX_CHAT_PER_MINUTE);
    assert.match(error(["--chat", String(MAX_CHAT_PER_MINUTE + 1)]), /--chat must be a number from 0 to/);
  });

  it("lists every option with its default in --help", () => {
    const result = parseCli(["--clients", "5", "--help"], NOW);
    assert.equal(result.kind, "help");
    const text = helpText();
    for (const flag of ["url", "clients", "duration", "rooms", "mode", "ramp", "seed", "out", "input-hz", "echo-hz", "chat",
      "workers", "max-p99-rtt", "max-errors", "find-capacity", "p99-budget", "capacity-step", "capacity-window", "allow-remote"]) {
      const line = text.split("\n").find((l) => l.trimStart().startsWith(`--${flag}`));
      assert.ok(line, `--${flag} missing from help`);
      assert.match(line, /\[default: [^\]]+\]/, `--${flag} has no default in help`);
    }
  });
});
