// `npm run start:cluster -- --processes N`: several server processes on one machine sharing
// one Redis, as in production, to try or test scaling out. Builds what is stale (like
// `npm start`), starts a throwaway redis-server unless REDIS_URL is set, then N compiled server
// processes on consecutive ports, each with its own PUBLIC_ADDRESS, their output prefixed with
// their name. With --proxy, nginx runs ops/nginx/skirmish.conf in front of them with a
// self-signed certificate: one public origin, https://localhost:<proxy port>.
//
//   --processes N       server processes (default 2)
//   --base-port P       port of the first; the others follow (default PORT or 2567)
//   --proxy             nginx with TLS in front (needs nginx and openssl)
//   --proxy-port P      its port (default 8443)
//   --public-host H     host name clients use (default localhost)
//   --no-build          run the build as it is (like `npm run serve`)
//
// Every other setting passes through the environment to every process (MAX_ROOMS=50 ...).
// Ctrl-C stops the processes at once, SIGTERM drains them (DRAIN_SECONDS), both forwarded to
// each; then nginx and redis stop, and the cluster exits 0. A process that dies on its own is
// reported loudly; the others keep running.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { buildTarget, checkTarget, ROOT, SERVER_ENTRY, TARGETS } from "./build.mjs";
import { hasOpenssl, makeSelfSignedCertificate, nginxBinary, startNginx, writeNginxConfig } from "../ops/nginx/local.mjs";
import { processPublicAddress } from "../ops/nginx/render.mjs";

const USAGE = `usage: npm run start:cluster -- [--processes N] [--base-port P] [--proxy [--proxy-port P]] [--public-host H] [--no-build]`;

function parseArgs(argv) {
  const options = {
    processes: 2,
    basePort: Number(process.env.PORT || 2567),
    proxy: false,
    proxyPort: 8443,
    publicHost: "localhost",
    build: true,
  };
  const number = (flag, raw, min, max) => {
    const value = Number(raw);
    if (!/^\d+$/.test(String(raw ?? "")) || value < min || value > max) fail(`${flag} must be a whole number from ${min} to ${max} (got ${raw ?? "nothing"})`);
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => (eq > 0 ? arg.slice(eq + 1) : argv[++i]);
    switch (flag) {
      case "--processes": case "-n": options.processes = number(flag, value(), 1, 64); break;
      case "--base-port": options.basePort = number(flag, value(), 1, 65535); break;
      case "--proxy": options.proxy = true; break;
      case "--proxy-port": options.proxy = true; options.proxyPort = number(flag, value(), 1, 65535); break;
      case "--public-host": options.publicHost = value() ?? fail("--public-host needs a host name"); break;
      case "--no-build": options.build = false; break;
      case "--help": case "-h":
        console.log(`${USAGE}\n\n${header()}`);
        process.exit(0);
        break;
      default: fail(`unknown option ${arg}\n${USAGE}`);
    }
  }
  const lastPort = options.basePort + options.processes - 1;
  if (lastPort > 65535) fail(`ports ${options.basePort}–${lastPort} do not exist`);
  if (options.proxy && options.proxyPort >= options.basePort && options.proxyPort <= lastPort) {
    fail(`--proxy-port ${options.proxyPort} is one of the processes' ports (${options.basePort}–${lastPort})`);
  }
  return options;
}

/** The comment at the top of this file. */
function header() {
  const lines = readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n");
  return lines.slice(0, lines.findIndex((l) => !l.startsWith("//"))).map((l) => l.replace(/^\/\/ ?/, "")).join("\n");
}

function fail(message) {
  console.error(`start:cluster: ${message}`);
  process.exit(1);
}

// ---- output ----------------------------------------------------------------------------
const tty = Boolean(process.stdout.isTTY);
const COLORS = [36, 35, 33, 32, 34, 91, 96, 95];
let nameWidth = 5;
function prefixer(name, color) {
  const label = name.padEnd(nameWidth);
  return tty ? `\x1b[${color}m${label} |\x1b[0m ` : `${label} | `;
}
/** Copies a child's output to ours, line by line, behind its name. */
function pipeLines(child, name, color) {
  const prefix = prefixer(name, color);
  for (const [stream, out] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
    if (!stream) continue;
    createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => out.write(`${prefix}${line}\n`));
  }
}
function loud(message) {
  const text = `\n!!! ${message}\n`;
  process.stderr.write(tty ? `\x1b[1;31m${text}\x1b[0m\n` : `${text}\n`);
}

// ---- pieces ----------------------------------------------------------------------------
function portFree(port, host) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function buildStale(build) {
  const started = performance.now();
  const built = [];
  for (const name of Object.keys(TARGETS)) {
    const status = checkTarget(name);
    if (status.fresh) continue;
    if (!build) {
      if (!status.outputExists) fail(`${name}: ${status.reason}. Build it first: npm run build (or drop --no-build).`);
      console.warn(`${name}: ${status.reason}; running the existing build anyway.`);
      continue;
    }
    console.log(`${name}: ${status.reason}; building`);
    try {
      buildTarget(name, status.hash);
    } catch (error) {
      fail(`${name}: cannot build: ${error instanceof Error ? error.message : error}`);
    }
    built.push(name);
  }
  const elapsed = Math.round(performance.now() - started);
  console.log(built.length > 0 ? `built ${built.join(" and ")} in ${(elapsed / 1000).toFixed(1)} s` : `build up to date (checked in ${elapsed} ms)`);
}

async function startRedis() {
  if (spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status !== 0) {
    fail("redis-server is not installed: install it (apt-get install redis-server) or set REDIS_URL to a Redis the processes share");
  }
  const port = await freePort();
  // No persistence: the cluster's directory lives and dies with it.
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    cwd: tmpdir(), stdio: ["ignore", "pipe", "pipe"], detached: true,
  });
  pipeLines(child, "redis", 90);
  redis = { url: `redis://127.0.0.1:${port}`, child }; // stopped with the cluster even while starting
  await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("redis-server did not start in 10 s")), 10_000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (/Ready to accept connections/.test(out)) { clearTimeout(timer); resolve(); }
    });
    child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`redis-server exited (code ${code})`)); });
  }).catch((error) => fail(error.message));
}

async function waitForHealth(port, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

const alive = (child) => child.exitCode === null && child.signalCode === null;

// ---- main ------------------------------------------------------------------------------
const options = parseArgs(process.argv.slice(2));
process.chdir(ROOT);
nameWidth = Math.max(5, `p${options.processes}`.length);

if (options.proxy) {
  if (!nginxBinary()) fail("--proxy needs nginx (apt-get install nginx)");
  if (!hasOpenssl()) fail("--proxy needs openssl to make a certificate (apt-get install openssl)");
}
const bindHost = process.env.HOST?.trim() || (options.proxy ? "127.0.0.1" : "0.0.0.0");
const ports = Array.from({ length: options.processes }, (_, i) => options.basePort + i);
for (const port of [...ports, ...(options.proxy ? [options.proxyPort] : [])]) {
  if (!(await portFree(port, port === options.proxyPort && options.proxy ? "127.0.0.1" : bindHost))) {
    fail(`port ${port} is in use (choose others with --base-port${options.proxy ? " / --proxy-port" : ""})`);
  }
}

buildStale(options.build);

let stopping = false;
let tempDir;
let redis;
let nginx;
let nginxChild; // from the moment it is spawned, for cleanupNow
const servers = [];

function cleanupNow() {
  // Last resort when this process exits some other way: nothing it started outlives it.
  for (const s of servers) if (alive(s.child)) s.child.kill("SIGKILL");
  if (nginxChild && alive(nginxChild)) nginxChild.kill("SIGKILL");
  if (redis && alive(redis.child)) redis.child.kill("SIGKILL");
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
}
process.on("exit", cleanupNow);

let lastSignal;
let lastSignalAt = 0;
/** Forwards `signal` to the processes still running, waits for them, then stops nginx and redis and exits. */
async function stopAll(signal, exitCode = 0) {
  const first = !stopping;
  stopping = true;
  for (const s of servers) if (alive(s.child)) s.child.kill(signal);
  if (!first) return;
  const running = servers.filter((s) => alive(s.child));
  const results = await Promise.all(running.map((s) => s.exited));
  const failed = running.filter((_, i) => results[i].code !== 0);
  if (nginx) await nginx.stop("SIGTERM");
  else if (nginxChild && alive(nginxChild)) nginxChild.kill("SIGTERM"); // still starting
  if (redis && alive(redis.child)) {
    redis.child.kill("SIGTERM");
    await new Promise((resolve) => (alive(redis.child) ? redis.child.once("exit", resolve) : resolve()));
  }
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
  if (failed.length > 0) console.error(`start:cluster: ${failed.map((s) => s.name).join(", ")} did not stop cleanly`);
  console.log("cluster stopped");
  process.exit(failed.length > 0 ? 1 : exitCode);
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    // npm and the terminal may both deliver one Ctrl-C: a repeat within a second is the same one.
    const now = Date.now();
    if (signal === lastSignal && now - lastSignalAt < 1000) return;
    if (stopping) console.log(`${signal} again: forwarding it (the processes stop at once)`);
    else console.log(`${signal}: stopping ${servers.length} process${servers.length > 1 ? "es" : ""}${signal === "SIGTERM" ? " (draining matches first)" : ""}`);
    lastSignal = signal;
    lastSignalAt = now;
    void stopAll(signal);
  });
}

const sharedRedis = process.env.REDIS_URL?.trim();
if (sharedRedis) console.log(`using REDIS_URL=${sharedRedis}`);
else await startRedis();
if (stopping) await new Promise(() => {}); // a signal came during the start: stopAll exits
const redisUrl = sharedRedis || redis.url;
if (redis) {
  redis.child.once("exit", (code, signal) => {
    if (!stopping) loud(`redis-server exited unexpectedly (${signal ?? `code ${code}`}): the processes lost their shared room directory. Stop the cluster (Ctrl-C) and start it again.`);
  });
}

for (const [i, port] of ports.entries()) {
  if (stopping) break;
  const n = i + 1;
  const name = `p${n}`;
  const publicAddress = options.proxy
    ? processPublicAddress(`${options.publicHost}:${options.proxyPort}`, n)
    : `${options.publicHost}:${port}`;
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: bindHost,
    REDIS_URL: redisUrl,
    PUBLIC_ADDRESS: publicAddress,
    ...(options.proxy && { TRUSTED_PROXY_HOPS: process.env.TRUSTED_PROXY_HOPS ?? "1" }),
    // The output goes through a pipe: keep it readable when ours is a terminal.
    ...(process.env.LOG_PRETTY === undefined && tty && process.env.NODE_ENV !== "production" && { LOG_PRETTY: "1" }),
  };
  const child = spawn(process.execPath, ["--enable-source-maps", SERVER_ENTRY], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  pipeLines(child, name, COLORS[i % COLORS.length]);
  const server = { name, port, publicAddress, child, exited: new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal }))) };
  servers.push(server);
  void server.exited.then(({ code, signal }) => {
    if (stopping) return;
    const others = servers.filter((s) => alive(s.child)).length;
    loud(`${name} (port ${port}) exited unexpectedly (${signal ?? `code ${code}`}). ` +
      (others > 0 ? `${others === 1 ? "The other process keeps" : `The other ${others} keep`} running; its rooms are gone, new players go to the others.` : "No process is left: stopping."));
    if (others === 0) void stopAll("SIGTERM", 1);
  });
}

const healthy = await Promise.all(servers.map((s) => waitForHealth(s.port, s.child)));
if (healthy.some((ok) => !ok) && !stopping) {
  loud(`not every process came up: ${servers.filter((_, i) => !healthy[i]).map((s) => s.name).join(", ")}`);
}

if (options.proxy && !stopping) {
  tempDir = mkdtempSync(path.join(tmpdir(), "skirmish-cluster-"));
  const { certificate, key } = makeSelfSignedCertificate(tempDir, [options.publicHost]);
  writeNginxConfig(tempDir, {
    port: options.proxyPort,
    serverName: options.publicHost,
    certificate,
    key,
    processes: ports.map((port) => `127.0.0.1:${port}`),
  });
  try {
    nginx = await startNginx(tempDir, options.proxyPort, {
      onLine: (line) => process.stderr.write(`${prefixer("nginx", 92)}${line}\n`),
      detached: true,
      onSpawn: (child) => { nginxChild = child; },
    });
  } catch (error) {
    loud(`nginx did not start: ${error instanceof Error ? error.message : error}`);
    await stopAll("SIGINT", 1);
  }
  nginx?.exited.then((code) => { if (!stopping) loud(`nginx exited unexpectedly (code ${code}): https://${options.publicHost}:${options.proxyPort} is down; the processes still answer on their own ports.`); });
}

if (!stopping) {
  const lines = [
    "",
    `Skirmish cluster: ${servers.length} process${servers.length > 1 ? "es" : ""} sharing ${sharedRedis ? `Redis ${sharedRedis}` : `a local redis-server (${redisUrl}, no persistence, stopped with the cluster)`}`,
    ...servers.map((s) => `  ${s.name.padEnd(nameWidth)}  http://${bindHost === "0.0.0.0" ? "localhost" : bindHost}:${s.port}   PUBLIC_ADDRESS=${s.publicAddress}`),
  ];
  if (options.proxy) {
    lines.push(
      `  nginx  https://${options.publicHost}:${options.proxyPort}  (ops/nginx/skirmish.conf, config in ${tempDir})`,
      "",
      `Open https://${options.publicHost}:${options.proxyPort}/ — one origin for every process. The certificate is self-signed and made`,
      "for this run: the browser warns once (accept it to try; use a real certificate in production).",
    );
  } else {
    lines.push(
      "",
      `Open http://${options.publicHost}:${ports[0]}/ (or any process's port): quick play finds rooms on every process, and each`,
      "room's WebSocket goes to the process that holds it (its PUBLIC_ADDRESS).",
    );
  }
  lines.push("Ctrl-C stops everything at once; SIGTERM lets matches drain first (DRAIN_SECONDS).", "");
  console.log(lines.join("\n"));
}

