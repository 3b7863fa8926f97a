// The soak, short: `npm run soak` with 30 bots for ~36 s against one (compiled) server
// process it starts itself; every leak check must hold. (That the checks fail on a real leak is shown
// with synthetic series in test/unit/loadbots/soakLeaks.test.ts.)
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { SoakReport } from "../../loadbots/soak.ts";

const CLI = path.resolve("loadbots/soakCli.ts");

interface CliResult { code: number | null; stdout: string; stderr: string }

/** Runs the soak CLI; on a timeout it is interrupted twice (it then kills the servers it started) and the test fails. */
function runSoakCli(args: string[], timeoutMs: number): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    const timer = setTimeout(() => {
      child.kill("SIGINT");
      child.kill("SIGINT");
      setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      reject(new Error(`the soak did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.stdout.on("data", (chunk) => { stdout += chunk; });
    child.stderr.on("data", (chunk) => { stderr += chunk; });
    child.on("exit", (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

describe("soak (short)", function () {
  // ~36 s of load, a few seconds to start the server, and a settle period that ends as soon as the levels are back.
  this.timeout(240_000);
  let outRoot: string;

  before(async () => { outRoot = await mkdtemp(path.join(os.tmpdir(), "soak-")); });
  after(async () => { if (outRoot) await rm(outRoot, { recursive: true, force: true }); });

  it("keeps 30 bots joining, dropping, reconnecting and rejoining against one process, and the server returns to its start levels", async () => {
    const outDir = path.join(outRoot, "one");
    const result = await runSoakCli(["--minutes", "0.6", "--bots", "30", "--churn", "8", "--ramp", "30", "--sample", "3", "--workers", "2",
      "--settle", "150", "--out", outDir], 230_000);
    const report = JSON.parse(await readFile(path.join(outDir, "soak.json"), "utf8")) as SoakReport;
    const failed = report.checks.filter((c) => !c.passed);
    assert.equal(result.code, 0, `${report.verdict}\n${JSON.stringify(failed, null, 2)}\n${result.stderr}`);
    assert.equal(report.passed, true);
    assert.match(report.verdict, /^Soak passed: 30 bots for 0\.6 min against 1 server process/);

    // The churn happened, and nothing went wrong on the bots' side.
    const b = report.bots;
    assert.ok(b.joinsOk > 30, `${b.joinsOk} joins: nobody rejoined`);
    assert.ok(b.plannedDrops > 0 && b.reconnects > 0, `drops ${b.plannedDrops}, SDK reconnections ${b.reconnects}`);
    // A reload still under way when the bots are stopped gives up without counting as a failure.
    assert.ok(b.reloadsOk > 0 && b.reloadsOk >= b.plannedReloads - 2, `reloads ${b.reloadsOk} of ${b.plannedReloads}`);
    assert.ok(b.plannedLeaves > 0, "no bot left and rejoined");
    assert.deepEqual([b.errorsTotal, b.reconnectFailures, b.joinFailures], [0, 0, 0], JSON.stringify(b.errorMessages));
    assert.ok(report.rooms.seenByBots > 1, "rooms were created as bots rejoined in rooms of their own");

    // What was checked: every level of the one process, against its start.
    const names = new Set(report.checks.map((c) => c.name));
    for (const name of ["rooms", "clients", "handles", "timers", "heap used (MiB)", "restarts", "unhandled rejections"]) assert.ok(names.has(name), `no ${name} check`);
    const [server] = report.servers;
    assert.deepEqual([server.end?.rooms, server.end?.clients], [0, 0]);
    assert.ok(server.peak.clients >= 25, `peak clients ${server.peak.clients}`);
    assert.ok(report.phases.settledAfterSeconds !== null);
    // One cycle (no --cycles): no cycle-over-cycle judgement, and memory read down to its parts.
    assert.deepEqual([report.cycles.length, report.checks.some((c) => c.name.includes("after cycle"))], [1, false]);
    for (const part of [server.start?.heapTotalBytes, server.start?.externalBytes, server.start?.arrayBuffersBytes]) assert.ok(typeof part === "number" && part > 0);

    // The timeline covers all three phases, and the page draws it.
    assert.deepEqual([...new Set(report.timeline.map((p) => p.phase))], ["baseline", "load", "settle"]);
    const html = await readFile(path.join(outDir, "soak.html"), "utf8");
    assert.match(html, /<p class="verdict pass">Soak passed/);
    assert.ok((html.match(/<svg /g) ?? []).length >= 6);
    assert.doesNotMatch(html, /\s(src|href)=/);

    // The soak stopped the server it started.
    const [url] = report.parameters.urlsUsed;
    await assert.rejects(fetch(`${url.replace(/^ws/, "http")}/health`), "the soak's server still answers");
  });
});
