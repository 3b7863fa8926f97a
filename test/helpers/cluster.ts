// A real redis-server and server processes sharing it, for tests of several processes.
import { spawn, type ChildProcess } from "node:child_process";
import { hasRedisServer } from "../../loadbots/soakCluster.ts";
import { freePort, startChildServer, type ChildServer } from "./childServer.ts";

/** Whether redis-server is installed (one check, shared with the soak). */
export const hasRedis = hasRedisServer;

/**
 * Skips the calling suite loudly when redis-server is missing, or fails it under
 * REQUIRE_REDIS=1 (CI). Call from a `before` hook with its `this`.
 */
export function requireRedis(context: Mocha.Context, what: string): void {
  if (hasRedis()) return;
  const message = `redis-server is not installed: ${what} cannot run`;
  if (process.env.REQUIRE_REDIS === "1") throw new Error(message);
  console.warn(`\n  !!! SKIPPED: ${message} (apt-get install redis-server; REQUIRE_REDIS=1 makes this a failure)\n`);
  context.skip();
}

export interface RedisServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** Resolves when it has exited (after kill/stop). */
  exited: Promise<void>;
  stop(): void;
}

/** A throwaway redis-server on a free loopback port, no persistence; resolves once it accepts connections. */
export async function startRedis(port?: number): Promise<RedisServer> {
  const bound = port ?? await freePort();
  const child = spawn("redis-server", ["--port", String(bound), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      if (/Ready to accept connections/.test(out)) { clearTimeout(timer); resolve(); }
    });
    child.once("exit", () => { clearTimeout(timer); reject(new Error(`redis-server exited: ${out}`)); });
  });
  return { url: `redis://127.0.0.1:${bound}`, port: bound, process: child, exited, stop: () => child.kill("SIGKILL") };
}

export interface ProcessOptions {
  /** PUBLIC_ADDRESS of process `index` (0-based) listening on `port`; `127.0.0.1:<port>` by default. */
  publicAddress?: (index: number, port: number) => string;
}

/** `count` server processes on one Redis, each on its own free port with its own PUBLIC_ADDRESS. */
export async function startProcesses(
  redisUrl: string, count: number, env: Record<string, string> = {}, options: ProcessOptions = {},
): Promise<ChildServer[]> {
  const servers: ChildServer[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      const publicAddress = options.publicAddress?.(i, port) ?? `127.0.0.1:${port}`;
      servers.push(await startChildServer({ REDIS_URL: redisUrl, PORT: String(port), PUBLIC_ADDRESS: publicAddress, ...env }));
    }
  } catch (error) {
    for (const s of servers) s.kill(); // the caller never sees them: stop them here
    throw error;
  }
  return servers;
}
