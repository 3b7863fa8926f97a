// `npm run start:cluster` (scripts/cluster.mjs), run as an operator runs it, in a throwaway copy
// of the sources (node_modules linked, dist/ copied), so that its build step never touches the
// real tree while others edit it.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@colyseus/sdk";
import { ROOM_NAME } from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";
import { freePort } from "../helpers/childServer.ts";
import { requireRedis } from "../helpers/cluster.ts";
import { httpsRequest, requireProxy } from "../helpers/proxy.ts";
import { waitForState } from "../helpers/server.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SOURCES = ["package.json", "package-lock.json", "tsconfig.json", "tsconfig.server.json", "scripts", "server", "shared", "client", "ops", "dist"];

interface Cluster {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** Resolves when the output matches `pattern` (rejects if the cluster exits first). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

function copyTree(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "skirmish-cluster-test-"));
  for (const entry of SOURCES) {
    if (existsSync(path.join(ROOT, entry))) cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true, preserveTimestamps: true });
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

function runCluster(cwd: string, args: string[], env: Record<string, string> = {}): Cluster {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_PRETTY: "0", ...env };
  delete childEnv.NODE_OPTIONS;
  delete childEnv.REDIS_URL;
  delete childEnv.PORT;
  const child = spawn(process.execPath, ["scripts/cluster.mjs", ...args], { cwd, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const waiters = new Set<() => void>();
  const take = (chunk: Buffer) => { out += chunk; for (const w of waiters) w(); };
  child.stdout!.on("data", take);
  child.stderr!.on("data", take);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let gone = false;
  void exited.then(() => { gone = true; for (const w of waiters) w(); });
  return {
    child,
    output: () => out,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { waiters.delete(check); reject(new Error(`no ${pattern} in ${timeoutMs} ms:\n${out}`)); }, timeoutMs);
        const check = () => {
          const match = pattern.exec(out);
          if (match) { clearTimeout(timer); waiters.delete(check); resolve(match); }
          else if (gone) { clearTimeout(timer); waiters.delete(check); reject(new Error(`the cluster exited before ${pattern}:\n${out}`)); }
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** A port p with p + 1 .. p + count - 1 free as well (a moment ago). */
async function freePortRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const first = await freePort();
    if (first + count > 65535) continue;
    const rest = await Promise.all(Array.from({ length: count - 1 }, (_, i) => canListen(first + 1 + i)));
    if (rest.every(Boolean)) return first;
  }
  throw new Error("no run of free ports found");
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

const pidAlive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

describe("npm run start:cluster", function () {
  this.timeout(120_000);
  let dir = "";
  const running: Cluster[] = [];

  before(function () {
    requireRedis(this, "the start:cluster test");
    dir = copyTree();
  });

  afterEach(async () => {
    for (const c of running.splice(0)) {
      if (c.child.exitCode === null && c.child.signalCode === null) {
        c.child.kill("SIGINT");
        const timer = setTimeout(() => c.child.kill("SIGKILL"), 15_000);
        await c.exited;
        clearTimeout(timer);
      }
    }
  });

  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it("builds, starts redis and two processes on consecutive ports sharing it, and drains on SIGTERM", async () => {
    const base = await freePortRun(2);
    const cluster = runCluster(dir, ["--processes", "2", "--base-port", String(base)], { HOST: "127.0.0.1" });
    running.push(cluster);
    const banner = await cluster.waitFor(/a local redis-server \(redis:\/\/127\.0\.0\.1:(\d+)/);
    const redisPort = Number(banner[1]);
    await cluster.waitFor(/Open http:\/\/localhost:\d+\//);
    assert.match(cluster.output(), new RegExp(`p1 +\\| .*"port":${base}`), "p1's lines carry its name");
    assert.match(cluster.output(), new RegExp(`p2 +\\| .*"port":${base + 1}`), "p2's lines carry its name");
    assert.match(cluster.output(), new RegExp(`p2 +http://127\\.0\\.0\\.1:${base + 1} +PUBLIC_ADDRESS=localhost:${base + 1}`));

    // Shared Redis: quick play on either process lands in the same room.
    const a = await new Client(`http://127.0.0.1:${base}`).joinOrCreate(ROOM_NAME, { name: "OnFirst" }, ArenaState);
    const b = await new Client(`http://127.0.0.1:${base + 1}`).joinOrCreate(ROOM_NAME, { name: "OnSecond" }, ArenaState);
    for (const room of [a, b]) {
      room.onMessage("*", () => {});
      room.reconnection.enabled = false; // the drain closes them; no retries after
    }
    assert.equal(b.roomId, a.roomId);
    await waitForState(b, (s) => s.players.size === 2, 5000, "both players");

    cluster.child.kill("SIGTERM");
    assert.equal(await cluster.exited, 0, cluster.output());
    assert.match(cluster.output(), /SIGTERM: stopping 2 processes \(draining matches first\)/);
    assert.match(cluster.output(), /"event":"drain_started"/);
    assert.match(cluster.output(), /cluster stopped/);
    assert.equal(await canListen(redisPort), true, "redis-server is stopped");
    for (const port of [base, base + 1]) assert.equal(await canListen(port), true, `port ${port} is free again`);
  });

  it("--proxy: nginx with TLS in front; a process that dies is reported and the rest keep serving; Ctrl-C stops it all", async function () {
    requireProxy(this, "the start:cluster --proxy test");
    // Three ports in a run: a port asked of the system apart could be base + 1, free until p2 takes it.
    const base = await freePortRun(3);
    const proxyPort = base + 2;
    const cluster = runCluster(dir, ["--processes", "2", "--base-port", String(base), "--proxy", "--proxy-port", String(proxyPort), "--public-host", "127.0.0.1"]);
    running.push(cluster);
    const config = await cluster.waitFor(/config in (\S+)\)/);
    await cluster.waitFor(new RegExp(`Open https://127\\.0\\.0\\.1:${proxyPort}/`));
    const confDir = config[1];
    const ca = readFileSync(path.join(confDir, "cert.pem"), "utf8");
    const origin = `https://127.0.0.1:${proxyPort}`;
    const page = await httpsRequest(`${origin}/`, { ca });
    assert.equal(page.status, 200);
    for (const n of [1, 2]) assert.equal((await httpsRequest(`${origin}/p/${n}/health`, { ca })).status, 200);
    assert.match(cluster.output(), new RegExp(`PUBLIC_ADDRESS=127\\.0\\.0\\.1:${proxyPort}/p/2`));

    // p2 dies: said loudly, p1 and nginx carry on.
    const p2pid = Number(new RegExp(`p2 +\\| .*?"pid":(\\d+)`).exec(cluster.output())![1]);
    process.kill(p2pid, "SIGKILL");
    await cluster.waitFor(new RegExp(`!!! p2 \\(port ${base + 1}\\) exited unexpectedly \\(SIGKILL\\)\\. The other process keeps running`));
    assert.equal((await httpsRequest(`${origin}/p/1/health`, { ca })).status, 200);
    assert.equal((await httpsRequest(`${origin}/health`, { ca })).status, 200, "nginx sends / to the process still up");

    const nginxPid = Number(readFileSync(path.join(confDir, "nginx.pid"), "utf8"));
    cluster.child.kill("SIGINT");
    assert.equal(await cluster.exited, 0, cluster.output());
    assert.equal(pidAlive(nginxPid), false, "nginx is stopped");
    assert.equal(existsSync(confDir), false, "the certificate and configuration are removed");
    assert.equal(await canListen(proxyPort), true);
    assert.equal(await canListen(base), true);
  });
});
