// `npm start` and the compiled server. Each case runs in a throwaway copy of the sources
// (with the repository's node_modules linked in and its dist/ copied, so an up-to-date build
// is reused), which keeps the real tree untouched and the case independent of edits made
// to it meanwhile.
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../helpers/childServer.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** What a build and a start read; dist/ is copied too when present. */
const SOURCES = ["package.json", "package-lock.json", "tsconfig.json", "tsconfig.server.json", "scripts", "server", "shared", "client", "dist"];
/** devDependencies a production install (`npm ci --omit=dev`) leaves out. */
const BUILD_TOOLS = new Set(["vite", "typescript", "tsx"]);

interface Started {
  child: ChildProcess;
  port: number;
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/**
 * A copy of the sources (and dist/) of `from`; node_modules is the repository's, or a link
 * farm of it without the build tools.
 */
function copyTree(from: string, options: { withoutBuildTools?: boolean } = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), "skirmish-start-"));
  for (const entry of SOURCES) {
    if (existsSync(path.join(from, entry))) cpSync(path.join(from, entry), path.join(dir, entry), { recursive: true, preserveTimestamps: true });
  }
  if (!options.withoutBuildTools) {
    symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
  }
  mkdirSync(path.join(dir, "node_modules"));
  for (const name of readdirSync(path.join(ROOT, "node_modules"))) {
    if (name === ".bin" || BUILD_TOOLS.has(name) || name.startsWith(".")) continue;
    symlinkSync(path.join(ROOT, "node_modules", name), path.join(dir, "node_modules", name), "dir");
  }
  return dir;
}

/** Runs a command in its own process group (npm starts children) with the server on a free loopback port. */
async function start(cwd: string, command: string, args: string[], extraEnv: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_PRETTY: "0", ...extraEnv };
  delete env.NODE_OPTIONS;
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (chunk) => { out += chunk; });
  child.stderr!.on("data", (chunk) => { out += chunk; });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try { process.kill(-child.pid!, "SIGTERM"); } catch { /* already gone */ }
    }
    return exited;
  };
  return { child, port, output: () => out, exited, stop };
}

/** Resolves with /health's body once the server answers; rejects if the process exits first. */
async function health(started: Started, timeoutMs = 60_000): Promise<{ status: string }> {
  let exited = false;
  void started.exited.then(() => { exited = true; });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`exited before answering /health:\n${started.output()}`);
    if (Date.now() > deadline) throw new Error(`no /health answer in ${timeoutMs} ms:\n${started.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${started.port}/health`);
      if (res.ok) return (await res.json()) as { status: string };
    } catch {
      // not listening yet: retry shortly
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Every file under dist/ with its modification time. */
function distTimes(dir: string): Map<string, number> {
  const times = new Map<string, number>();
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else times.set(child, statSync(path.join(dir, child)).mtimeMs);
    }
  };
  walk("dist");
  return times;
}

function buildIfStale(dir: string): void {
  const result = spawnSync(process.execPath, ["scripts/build.mjs", "--if-stale"], { cwd: dir, encoding: "utf8" });
  assert.equal(result.status, 0, `build failed:\n${result.stdout}${result.stderr}`);
}

describe("npm start", function () {
  this.timeout(60_000);
  const cleanup: Array<() => Promise<unknown> | void> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  let built: string;
  before(function () {
    this.timeout(180_000);
    built = copyTree(ROOT);
    buildIfStale(built);
  });
  after(() => { rmSync(built, { recursive: true, force: true }); });

  it("on a built tree rebuilds nothing and serves /health", async () => {
    const before = distTimes(built);
    const server = await start(built, "npm", ["start"]);
    cleanup.push(() => server.stop());
    assert.equal((await health(server)).status, "ok");
    assert.match(server.output(), /build up to date \(checked in \d+ ms\)/);
    assert.doesNotMatch(server.output(), /building|built /);
    assert.deepEqual(distTimes(built), before, "no file under dist/ was written");
    const page = await fetch(`http://127.0.0.1:${server.port}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<!doctype html>/i, "the built client is served at /");
  });

  it("runs compiled JavaScript on plain Node: no tsx, no .ts import left", async () => {
    const leftovers: string[] = [];
    const walk = (rel: string) => {
      for (const entry of readdirSync(path.join(built, rel), { withFileTypes: true })) {
        const child = path.join(rel, entry.name);
        if (entry.isDirectory()) walk(child);
        else if (entry.name.endsWith(".js") && /(?:from|import\()\s*"\.{1,2}\/[^"]*\.ts"/.test(readFileSync(path.join(built, child), "utf8"))) leftovers.push(child);
      }
    };
    walk("dist/server");
    assert.deepEqual(leftovers, [], "relative imports were rewritten to .js");
    // Files the server reads beside its modules (the admin view's page, say) come along.
    const assets: string[] = [];
    const collect = (rel: string) => {
      for (const entry of readdirSync(path.join(built, rel), { withFileTypes: true })) {
        const child = path.join(rel, entry.name);
        if (entry.isDirectory()) collect(child);
        else if (!entry.name.endsWith(".ts") && !entry.name.startsWith(".")) assets.push(child);
      }
    };
    collect("server");
    collect("shared");
    for (const asset of assets) {
      assert.deepEqual(readFileSync(path.join(built, "dist/server", asset)), readFileSync(path.join(built, asset)), `${asset} is in dist/server`);
    }
    // With an admin password the server reads those files as it starts.
    const server = await start(built, process.execPath, ["dist/server/server/index.js"], { ADMIN_PASSWORD: "start-test-password" });
    cleanup.push(() => server.stop());
    assert.equal((await health(server)).status, "ok");
    assert.equal(await server.stop(), 0, server.output());
  });

  it("rebuilds only what changed: a server source edit recompiles the server, not the client", async () => {
    const dir = copyTree(built);
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const clientBefore = statSync(path.join(dir, "dist/client/index.html")).mtimeMs;
    appendFileSync(path.join(dir, "server/app.ts"), "\n// edited by start.test.ts\n");
    const server = await start(dir, process.execPath, ["scripts/start.mjs"]);
    cleanup.push(() => server.stop());
    assert.equal((await health(server)).status, "ok");
    assert.match(server.output(), /server: sources changed since the last build; building/);
    assert.match(server.output(), /built server in /);
    assert.doesNotMatch(server.output(), /client: /);
    assert.equal(statSync(path.join(dir, "dist/client/index.html")).mtimeMs, clientBefore, "the client was not rebuilt");
    assert.match(readFileSync(path.join(dir, "dist/server/server/app.js"), "utf8"), /edited by start\.test\.ts/);
  });

  it("starts a prebuilt tree without any build tool installed, and says so when one would be needed", async () => {
    const dir = copyTree(built, { withoutBuildTools: true });
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const server = await start(dir, process.execPath, ["scripts/start.mjs"]);
    cleanup.push(() => server.stop());
    assert.equal((await health(server)).status, "ok");
    assert.match(server.output(), /build up to date/);
    assert.equal(await server.stop(), 0, server.output());

    appendFileSync(path.join(dir, "server/app.ts"), "\n// edited by start.test.ts\n");
    const stale = await start(dir, process.execPath, ["scripts/start.mjs"]);
    cleanup.push(() => stale.stop());
    assert.equal(await stale.exited, 1);
    assert.match(stale.output(), /server: cannot build: typescript is not installed.*`npm run serve` starts the existing, out-of-date build/s);
  });

  it("npm run serve never builds: it refuses a missing build and names the fix", async () => {
    const dir = copyTree(built);
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    rmSync(path.join(dir, "dist/server"), { recursive: true, force: true });
    const server = await start(dir, "npm", ["run", "serve"]);
    cleanup.push(() => server.stop());
    assert.equal(await server.exited, 1);
    assert.match(server.output(), /server: dist\/server\/server\/index\.js is missing\. Build it first: npm run build/);
    assert.equal(existsSync(path.join(dir, "dist/server")), false);
  });
});
