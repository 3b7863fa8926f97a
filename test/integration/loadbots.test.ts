import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { matchMaker } from "@colyseus/core";
import { parseCli } from "../../loadbots/options.ts";
import type { Report } from "../../loadbots/report.ts";
import { runLoad } from "../../loadbots/run.ts";
import { MatchPhase, ROOM_NAME } from "../../shared/protocol.ts";
import type { ArenaState } from "../../shared/schema.ts";
import type { ChildServer } from "../helpers/childServer.ts";
import { requireRedis, startProcesses, startRedis, type RedisServer } from "../helpers/cluster.ts";
import { startTestServer, TEST_METRICS_TOKEN, type TestServer } from "../helpers/server.ts";

const CLI = path.resolve("loadbots/cli.ts");

interface CliResult { code: number | null; stdout: string; stderr: string }

/** Runs the CLI as `npm run bots` does; `whenOutput` may act on the child while it runs (e.g. interrupt it). */
function runCli(args: string[], whenOutput?: (stdout: string, child: ReturnType<typeof spawn>) => void, timeoutMs = 25_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    const timer = setTimeout(() => { child.kill("SIGKILL"); reject(new Error(`CLI did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`)); }, timeoutMs);
    child.stdout.on("data", (chunk) => { stdout += chunk; whenOutput?.(stdout, child); });
    child.stderr.on("data", (chunk) => { stderr += chunk; });
    child.on("exit", (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

async function serverClients(server: TestServer): Promise<number> {
  const health = await (await fetch(`${server.httpUrl}/health`)).json() as { clients: number };
  return health.clients;
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("loadbots against a real server", function () {
  this.timeout(30_000);
  let server: TestServer;
  let outRoot: string;

  before(async () => {
    // Metrics on their own port, read through --metrics-url.
    server = await startTestServer({ metricsToken: undefined, metricsPort: 0, metricsHost: "127.0.0.1" });
    outRoot = await mkdtemp(path.join(os.tmpdir(), "loadbots-"));
  });

  after(async () => {
    await server?.close();
    if (outRoot) await rm(outRoot, { recursive: true, force: true });
  });

  it("runs 20 bots for 5 s: all join, RTT is measured, nothing fails, and both reports are written", async () => {
    const outDir = path.join(outRoot, "smoke");
    const parsed = parseCli(["--url", server.wsUrl, "--clients", "20", "--rooms", "2", "--duration", "5", "--workers", "2",
      "--ramp", "40", "--chat", "30", "--seed", "7", "--max-errors", "0", "--out", outDir,
      "--metrics-url", `http://127.0.0.1:${server.server.metricsPort}/metrics`]);
    assert.equal(parsed.kind, "run");
    if (parsed.kind !== "run") return;

    const { report, exitCode, files } = await runLoad(parsed.options);
    const s = report.summary;
    assert.equal(exitCode, 0, JSON.stringify(s.errors));
    assert.equal(report.stopReason, "completed");
    assert.deepEqual([s.targetClients, s.joins.ok, s.joins.failed, s.peakConnected, s.connectedBeforeStop], [20, 20, 0, 20, 20]);
    assert.equal(report.parameters.workersUsed, 2);
    // Every bot decoded its own view: its own first full state, and its own patches.
    const decode = s.generator.decode;
    assert.match(decode.counting, /^Every bot decoded its own view \(per-client state\)/);
    assert.ok(decode.fullStates >= 20, `${decode.fullStates} full states decoded for 20 bots`);
    assert.ok(decode.patches + decode.fullStates >= s.patchIntervalMs.count + 20, `${decode.patches} patches decoded, ${s.patchIntervalMs.count} patch gaps timed`);
    assert.ok(decode.totalMs > 0 && decode.msPerBotSecond !== null && decode.msPerBotSecond > 0, JSON.stringify(decode));
    assert.ok(decode.usPerPatch.count === decode.patches && decode.usPerPatch.p50 > 0 && decode.usPerPatch.p99 >= decode.usPerPatch.p50);
    assert.ok(decode.stateBytesPerBotSecond > 0 && decode.stateBytesPerBotSecond < s.traffic.bytesInPerClientPerSecond, "state bytes are part of the bytes received");
    assert.equal(s.errors.total, 0);
    assert.deepEqual(s.errors.messages, []);
    assert.ok(s.rttMs.count >= 20 * 2, `only ${s.rttMs.count} RTT samples`);
    assert.equal(s.echoes.received, s.echoes.sent);
    assert.ok(s.rttMs.p99 > 0 && s.rttMs.p99 < 1000, `RTT p99 ${s.rttMs.p99}`);
    assert.ok(s.joins.latencyMs.count === 20);
    // The server's mean patch interval as its own send times show it: 20 Hz, give or take its timer.
    assert.ok(s.expectedPatchIntervalMs >= 45 && s.expectedPatchIntervalMs <= 55, `${s.expectedPatchIntervalMs} ms between patches`);
    assert.ok(s.patchIntervalMs.count > 20 * 40, `only ${s.patchIntervalMs.count} patches`);
    assert.ok(s.traffic.bytesInPerClientPerSecond > 0 && s.traffic.bytesOutPerClientPerSecond > 0);
    assert.ok(s.chat.sent > 0 && s.chat.rejected === 0, JSON.stringify(s.chat));
    assert.ok(s.server.available, "the in-process server's /metrics was not read");
    const elu = s.server.eventLoopUtilizationMax;
    assert.ok(elu !== null && elu > 0 && elu <= 1, `server event-loop utilization ${elu}`);
    assert.ok(report.timeline.length >= 5);
    assert.deepEqual(report.machine.node, process.version);

    const json = JSON.parse(await readFile(files.json, "utf8")) as Report;
    assert.deepEqual(json.summary.joins.ok, 20);
    for (const key of ["parameters", "machine", "summary", "thresholds", "timeline"] as const) assert.ok(json[key], `report.json lacks ${key}`);
    const html = await readFile(files.html, "utf8");
    assert.match(html, /<svg /);
    assert.match(html, /Round-trip time/);
    assert.doesNotMatch(html, /\s(src|href)=/);

    // Every bot left its room when the run ended.
    await eventually(async () => (await serverClients(server)) === 0, 3000, "the bots to leave");
  });

  it("plays on each bot's own view: every bot of a shared room decodes its state and moves in the match", async function () {
    this.timeout(40_000);
    // One worker, one room: the bots could share one decoded state, but each decodes its own view.
    const parsed = parseCli(["--url", server.wsUrl, "--clients", "6", "--rooms", "1", "--duration", "12", "--workers", "1",
      "--ramp", "50", "--max-errors", "0", "--out", path.join(outRoot, "shared")]);
    assert.equal(parsed.kind, "run");
    if (parsed.kind !== "run") return;
    const run = runLoad(parsed.options);

    // Watch the room on the server: where each player was first seen during play, and how far each got from there.
    const start = new Map<string, { x: number; y: number }>();
    const farthest = new Map<string, number>();
    let finished = false;
    void run.finally(() => { finished = true; });
    while (!finished) {
      const [listing] = await matchMaker.query({ name: ROOM_NAME });
      const state = listing && matchMaker.getLocalRoomById(listing.roomId)?.state as ArenaState | undefined;
      if (state?.phase === MatchPhase.PLAYING) {
        state.players.forEach((p, id) => {
          const from = start.get(id) ?? start.set(id, { x: p.x, y: p.y }).get(id)!;
          farthest.set(id, Math.max(farthest.get(id) ?? 0, Math.hypot(p.x - from.x, p.y - from.y)));
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { report, exitCode } = await run;
    assert.equal(exitCode, 0, JSON.stringify(report.summary.errors));
    assert.ok(report.summary.generator.decode.fullStates >= 6, `${report.summary.generator.decode.fullStates} full states decoded for 6 bots`);
    assert.equal(farthest.size, 6, "the match never started with all six bots");
    for (const [id, distance] of farthest) assert.ok(distance > 60, `bot ${id} moved only ${distance.toFixed(1)} u`);
  });

  it("stops cleanly on SIGINT, writes what it measured, and exits 130", async () => {
    const outDir = path.join(outRoot, "interrupted");
    let interrupted = false;
    const result = await runCli(["--url", server.wsUrl, "--clients", "6", "--duration", "60", "--workers", "1", "--out", outDir],
      (stdout, child) => {
        if (!interrupted && /clients 6\/6 \| rtt p50/.test(stdout)) {
          interrupted = true;
          child.kill("SIGINT");
        }
      });
    assert.ok(interrupted, `never saw all bots connected:\n${result.stdout}\n${result.stderr}`);
    assert.equal(result.code, 130, result.stderr);
    const report = JSON.parse(await readFile(path.join(outDir, "report.json"), "utf8")) as Report;
    assert.equal(report.stopReason, "interrupted");
    assert.equal(report.summary.joins.ok, 6);
    assert.ok(report.summary.rttMs.count > 0);
    assert.ok(report.durationSeconds < 20);
    await eventually(async () => (await serverClients(server)) === 0, 3000, "the bots to leave");
  });

  it("prints --help (exit 0) and refuses bad options (exit 2) before connecting anywhere", async () => {
    const help = await runCli(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--find-capacity/);
    const bad = await runCli(["--url", "http://127.0.0.1:1", "--out", path.join(outRoot, "never")]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--url must use ws:\/\/ or wss:\/\//);
    assert.equal(existsSync(path.join(outRoot, "never")), false);
  });
});

describe("loadbots against a cluster of two processes on Redis", function () {
  this.timeout(60_000);
  let redis: RedisServer | undefined;
  let servers: ChildServer[] = [];
  let outRoot: string;
  const savedToken = process.env.METRICS_TOKEN;

  before(async function () {
    requireRedis(this, "the load bots' cluster test");
    redis = await startRedis();
    servers = await startProcesses(redis.url, 2, { MAX_CONNECTIONS_PER_IP: "0", MAX_JOINS_PER_IP_PER_MINUTE: "0" });
    outRoot = await mkdtemp(path.join(os.tmpdir(), "loadbots-cluster-"));
    process.env.METRICS_TOKEN = TEST_METRICS_TOKEN; // the child servers' token, read by the probes
  });

  after(async () => {
    if (savedToken === undefined) delete process.env.METRICS_TOKEN;
    else process.env.METRICS_TOKEN = savedToken;
    for (const s of servers) s.kill();
    redis?.stop();
    if (outRoot) await rm(outRoot, { recursive: true, force: true });
  });

  it("spreads bots over both processes, joins rooms across them, and reports each process and the totals", async () => {
    const urls = servers.map((s) => `ws://127.0.0.1:${s.port}`);
    const parsed = parseCli(["--url", urls.join(","), "--clients", "12", "--rooms", "2", "--duration", "6", "--workers", "2",
      "--ramp", "30", "--max-errors", "0", "--out", path.join(outRoot, "cluster")]);
    assert.equal(parsed.kind, "run");
    if (parsed.kind !== "run") return;
    const { report, exitCode, files } = await runLoad(parsed.options);
    const s = report.summary;
    assert.equal(exitCode, 0, JSON.stringify(s.errors));
    assert.deepEqual([s.joins.ok, s.errors.total], [12, 0]);
    assert.equal(s.server.processes, 2);
    assert.deepEqual(s.servers.map((p) => p.label), servers.map((p) => `127.0.0.1:${p.port}`));
    assert.ok(s.servers.every((p) => p.available && p.samples >= 3), JSON.stringify(s.servers));
    // Two rooms of 6, created through the first and the second process (Colyseus picks the process that hosts each), half of
    // each room's bots joining by id through the other process: all 12 are in, wherever the rooms are.
    const peak = report.timeline.find((p) => p.server?.clients === 12);
    assert.ok(peak?.servers?.length === 2, "a second with all 12 clients, read per process");
    assert.equal(peak.server!.rooms, 2);
    assert.equal(peak.servers.reduce((sum, p) => sum + (p?.clients ?? 0), 0), 12);
    assert.match(report.verdict, /the 2 servers used [\d.]+% of a core together, the busiest \(127\.0\.0\.1:\d+\)/);
    const html = await readFile(files.html, "utf8");
    assert.match(html, /<h2>Server processes<\/h2>/);
    assert.match(html, /Server processes: clients/);
  });
});
