// nginx in front of server processes, as operators run it (ops/nginx/skirmish.conf), with a
// self-signed certificate made for the test; and the clients that talk to it over TLS.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { WebSocket } from "ws";
import { hasOpenssl, makeSelfSignedCertificate, nginxBinary, startNginx, writeNginxConfig, type LocalNginx } from "../../ops/nginx/local.mjs";
import type { AgentRoomInfo } from "./sdkAgent.ts";

/**
 * Skips the calling suite loudly when nginx or openssl is missing, or fails it under
 * REQUIRE_PROXY=1 (CI). Call from a `before` hook with its `this`.
 */
export function requireProxy(context: Mocha.Context, what: string): void {
  const missing = [!nginxBinary() && "nginx", !hasOpenssl() && "openssl"].filter(Boolean);
  if (missing.length === 0) return;
  const message = `${missing.join(" and ")} not installed: ${what} cannot run`;
  if (process.env.REQUIRE_PROXY === "1") throw new Error(message);
  console.warn(`\n  !!! SKIPPED: ${message} (apt-get install nginx openssl; REQUIRE_PROXY=1 makes this a failure)\n`);
  context.skip();
}

export interface TestProxy {
  port: number;
  /** https://127.0.0.1:<port> */
  origin: string;
  /** The self-signed certificate (PEM path and text): the one CA the test clients trust. */
  certificatePath: string;
  ca: string;
  /** Where nginx writes, and the configuration it runs. */
  dir: string;
  nginx: LocalNginx;
  stop(): Promise<void>;
}

/** A temp directory with a fresh self-signed certificate for localhost and 127.0.0.1. */
export function makeCertificateDir(): { dir: string; certificate: string; key: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "skirmish-proxy-"));
  return { dir, ...makeSelfSignedCertificate(dir) };
}

/**
 * nginx, as the current user, on `port` of 127.0.0.1, running ops/nginx/skirmish.conf rendered
 * for `processes` (host:port each, process 1 first), with the certificate in `cert.dir`.
 */
export async function startProxy(port: number, processes: string[], cert = makeCertificateDir()): Promise<TestProxy> {
  const { dir, certificate, key } = cert;
  let nginx: LocalNginx;
  try {
    writeNginxConfig(dir, { port, certificate, key, processes });
    nginx = await startNginx(dir, port);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    origin: `https://127.0.0.1:${port}`,
    certificatePath: certificate,
    ca: readFileSync(certificate, "utf8"),
    dir,
    nginx,
    async stop() {
      await nginx.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTPS request that trusts `ca` only; `localAddress` picks the loopback address it comes from. */
export function httpsRequest(url: string, options: {
  ca: string; method?: string; headers?: Record<string, string>; body?: string; localAddress?: string;
}): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const body = options.body;
    const req = https.request(url, {
      method: options.method ?? "GET",
      ca: options.ca,
      localAddress: options.localAddress,
      agent: false,
      headers: { ...(body !== undefined && { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) }), ...options.headers },
    }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => { text += chunk; });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The HTTP status of a WebSocket handshake (101 when accepted), trusting `ca` only. */
export function wsHandshakeStatus(url: string, options: { ca: string; headers?: Record<string, string> }): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ca: options.ca, headers: options.headers });
    ws.once("upgrade", (res) => { resolve(res.statusCode ?? 101); ws.terminate(); });
    ws.once("unexpected-response", (_req, res) => { resolve(res.statusCode ?? 0); res.resume(); ws.terminate(); });
    ws.once("error", (error) => reject(error));
  });
}

export interface SdkAgent {
  join(endpoint: string, method: "joinOrCreate" | "create" | "join" | "joinById", target: string, options?: Record<string, unknown>): Promise<AgentRoomInfo>;
  players(handle: string, count: number, timeoutMs?: number): Promise<string[]>;
  drop(handle: string): Promise<AgentRoomInfo>;
  abandon(handle: string): Promise<{ reconnectionToken: string }>;
  reconnect(endpoint: string, token: string): Promise<AgentRoomInfo>;
  leave(handle: string): Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

/** Starts test/helpers/sdkAgent.ts with `env` (NODE_EXTRA_CA_CERTS: the certificate to trust). */
export async function startSdkAgent(env: Record<string, string>): Promise<SdkAgent> {
  const script = fileURLToPath(new URL("./sdkAgent.ts", import.meta.url));
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.NODE_TLS_REJECT_UNAUTHORIZED; // the agent trusts the test CA and nothing else
  const child = spawn(process.execPath, ["--import", "tsx", script], { env: childEnv, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  child.stderr.on("data", (chunk) => { out += chunk; });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let ready: () => void;
  const started = new Promise<void>((resolve) => { ready = resolve; });
  const exited = new Promise<void>((resolve) => child.once("exit", () => {
    for (const p of pending.values()) p.reject(new Error(`the SDK agent exited: ${out}`));
    resolve();
  }));
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (!line.startsWith("@@")) { out += `${line}\n`; return; }
    const message = JSON.parse(line.slice(2)) as { id: number; ok: boolean; result?: unknown; error?: string; code?: unknown };
    if (message.id === 0) return ready();
    const p = pending.get(message.id);
    pending.delete(message.id);
    if (!p) return;
    if (message.ok) p.resolve(message.result);
    else p.reject(Object.assign(new Error(message.error), { code: message.code }));
  });
  await Promise.race([started, exited.then(() => { throw new Error(`the SDK agent did not start: ${out}`); })]);
  let nextId = 1;
  const call = <T>(op: string, args: Record<string, unknown>) => new Promise<T>((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    child.stdin.write(`${JSON.stringify({ id, op, ...args })}\n`);
  });
  return {
    join: (endpoint, method, target, options = {}) => call("join", { endpoint, method, target, options }),
    players: (handle, count, timeoutMs) => call("players", { handle, count, timeoutMs }),
    drop: (handle) => call("drop", { handle }),
    abandon: (handle) => call("abandon", { handle }),
    reconnect: (endpoint, token) => call("reconnect", { endpoint, token }),
    leave: (handle) => call("leave", { handle }),
    output: () => out,
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
