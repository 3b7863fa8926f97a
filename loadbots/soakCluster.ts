// The servers a soak starts itself: one process, or two sharing a throwaway Redis. They run
// the compiled server with plain Node, as production does (built first when stale), so the
// memory measured is the server's and not a TypeScript loader's. Each gets a free loopback
// port, a random METRICS_TOKEN (the soak reads /metrics with it), LOG_LEVEL=warn (its log
// goes to a file in the output directory) and the per-address limits off, since every bot
// comes from this one address. The soak's environment reaches them (MALLOC_ARENA_MAX too).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
/** What `npm start` runs (scripts/build.mjs's SERVER_ENTRY). */
const SERVER_ENTRY = path.join(REPO_ROOT, "dist/server/server/index.js");
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

export interface OwnProcess {
  label: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Set once it exited (a crash during the soak is a failure). */
  exitCode: number | null | undefined;
}

export interface OwnCluster {
  urls: string[];
  metricsEndpoints: string[];
  metricsToken: string;
  redisUrl: string | null;
  processes: OwnProcess[];
  redis: OwnProcess | null;
  /** Stops the servers (SIGINT: at once), then Redis. */
  stop(): Promise<void>;
  /** Last resort on a second Ctrl-C: SIGKILL to everything, synchronously. */
  killNow(): void;
}

/** The soak could not start or read its servers (exit code 3). */
export class SoakStartError extends Error {}

export const hasRedisServer = () => spawnSync("redis-server", ["--version"]).status === 0;

/** A loopback port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function own(label: string, child: ChildProcess): OwnProcess {
  const entry: OwnProcess = { label, child, exitCode: undefined, exited: Promise.resolve(null) };
  entry.exited = new Promise((resolve) => child.once("exit", (code) => { entry.exitCode = code; resolve(code); }));
  return entry;
}

/** Resolves when `check` holds, polling every 100 ms; rejects after `timeoutMs` or when the process exits. */
async function until(what: string, proc: OwnProcess, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== undefined) throw new SoakStartError(`${what}: the process exited with code ${proc.exitCode} (see its log)`);
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new SoakStartError(`${what}: not ready within ${timeoutMs / 1000} s (see its log)`);
}

async function startRedisServer(outDir: string): Promise<{ proc: OwnProcess; url: string }> {
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const proc = own(`redis:${port}`, child);
  const log = createWriteStream(path.join(outDir, "redis.log"));
  let out = "";
  child.stdout!.on("data", (chunk) => { out += chunk; log.write(chunk); });
  child.stderr!.on("data", (chunk) => log.write(chunk));
  await until("redis-server", proc, async () => /Ready to accept connections/.test(out), START_TIMEOUT_MS);
  return { proc, url: `redis://127.0.0.1:${port}` };
}

async function startServer(index: number, env: Record<string, string>, outDir: string): Promise<{ proc: OwnProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--enable-source-maps", SERVER_ENTRY], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: a Ctrl-C at the terminal goes to the soak, which then stops the bots first.
    detached: true,
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      LOG_PRETTY: "0",
      MAX_CONNECTIONS_PER_IP: "0",
      MAX_JOINS_PER_IP_PER_MINUTE: "0",
      CLIENT_DIR: "none",
      ...env,
      ...(env.REDIS_URL ? { PUBLIC_ADDRESS: `127.0.0.1:${port}` } : {}),
    },
  });
  const log = createWriteStream(path.join(outDir, `server-${index + 1}.log`));
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const proc = own(`127.0.0.1:${port}`, child);
  await until(`server ${index + 1} (port ${port})`, proc, async () => (await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(1000) })).ok, START_TIMEOUT_MS);
  return { proc, port };
}

async function stopProcess(proc: OwnProcess, signal: NodeJS.Signals): Promise<void> {
  if (proc.exitCode !== undefined) return;
  proc.child.kill(signal);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((resolve) => { timer = setTimeout(() => resolve("timeout"), STOP_TIMEOUT_MS); });
  if ((await Promise.race([proc.exited, timedOut])) === "timeout") {
    proc.child.kill("SIGKILL");
    await proc.exited;
  }
  clearTimeout(timer);
}

/** Compiles the server when its build is missing or older than its sources. */
function buildServerIfStale(): void {
  const result = spawnSync(process.execPath, ["scripts/build.mjs", "server", "--if-stale"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (result.status !== 0) throw new SoakStartError(`could not build the server: ${(result.stderr || result.stdout).trim()}`);
}

/** Starts `count` server processes (two share a Redis started here) and resolves once every one is ready. */
export async function startOwnCluster(count: 1 | 2, outDir: string): Promise<OwnCluster> {
  const metricsToken = randomBytes(24).toString("hex");
  let redis: { proc: OwnProcess; url: string } | null = null;
  const processes: OwnProcess[] = [];
  const urls: string[] = [];
  const killNow = () => {
    for (const p of [...processes, ...(redis ? [redis.proc] : [])]) if (p.exitCode === undefined) p.child.kill("SIGKILL");
  };
  // Detached children outlive a parent that exits without stopping them: kill them on any exit.
  process.once("exit", killNow);
  try {
    buildServerIfStale();
    if (count > 1) {
      if (!hasRedisServer()) throw new SoakStartError("--processes 2 needs redis-server on this machine (apt-get install redis-server), or give --url and --redis-url");
      redis = await startRedisServer(outDir);
    }
    const env: Record<string, string> = { METRICS_TOKEN: metricsToken, ...(redis ? { REDIS_URL: redis.url } : {}) };
    // One after the other: on two cores, starting together they would only slow each other down.
    for (let i = 0; i < count; i++) {
      const { proc, port } = await startServer(i, env, outDir);
      processes.push(proc);
      urls.push(`ws://127.0.0.1:${port}`);
    }
  } catch (error) {
    killNow();
    process.removeListener("exit", killNow);
    throw error;
  }
  return {
    urls,
    metricsEndpoints: urls.map((u) => `${u.replace(/^ws/, "http")}/metrics`),
    metricsToken,
    redisUrl: redis?.url ?? null,
    processes,
    redis: redis?.proc ?? null,
    killNow,
    async stop() {
      await Promise.all(processes.map((p) => stopProcess(p, "SIGINT")));
      if (redis) await stopProcess(redis.proc, "SIGTERM");
      process.removeListener("exit", killNow);
    },
  };
}
