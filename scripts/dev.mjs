// `npm run dev`: the game server under `tsx watch` (restarts when a server or shared file
// changes) and the Vite dev server (hot reload for the client), whose proxy forwards
// matchmaking and room WebSockets to the game server, so the page on Vite's port plays
// against it as if they were one origin. Ctrl-C stops both; if either exits, the other is
// stopped too.
//
//   PORT         game server port (default 2567)
//   CLIENT_PORT  Vite's port, the one to open (default 5173)
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { ROOT } from "./build.mjs";

const serverPort = process.env.PORT || "2567";
const clientPort = process.env.CLIENT_PORT || "5173";
const require = createRequire(path.join(ROOT, "package.json"));

function bin(pkg, name) {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  return path.join(path.dirname(manifestPath), typeof manifest.bin === "string" ? manifest.bin : manifest.bin[name]);
}

const env = {
  ...process.env,
  PORT: serverPort,
  // A restart on every save should not wait for rooms to drain.
  DRAIN_SECONDS: process.env.DRAIN_SECONDS ?? "0",
  // Read by client/vite.config.ts: where the proxy sends game traffic.
  GAME_SERVER_URL: `http://127.0.0.1:${serverPort}`,
};

const children = [
  {
    name: "server",
    process: spawn(process.execPath, [bin("tsx", "tsx"), "watch", "--clear-screen=false", "server/index.ts"], { cwd: ROOT, env, stdio: "inherit" }),
  },
  {
    name: "vite",
    process: spawn(process.execPath, [bin("vite", "vite"), "--config", "client/vite.config.ts", "--port", clientPort, "--strictPort"], { cwd: ROOT, env, stdio: "inherit" }),
  },
];

console.log(
  `\n  Skirmish dev: open http://localhost:${clientPort}/ (Vite, hot reload; proxies the game to the server on port ${serverPort}, ` +
    "which restarts on change). Ctrl-C stops both.\n",
);

let stopping = false;
let exitCode = 0;
let running = children.length;

function stopAll(signal) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill(signal);
  }
}

for (const child of children) {
  child.process.on("exit", (code, signal) => {
    running -= 1;
    if (!stopping) {
      console.error(`${child.name} exited (${signal ?? `code ${code}`}); stopping the rest`);
      exitCode = code || 1;
      stopAll("SIGTERM");
    }
    if (running === 0) process.exit(exitCode);
  });
}

// A terminal's Ctrl-C reaches the children too (same process group); forwarding covers a
// SIGINT or SIGTERM sent to this process alone.
process.on("SIGINT", () => stopAll("SIGINT"));
process.on("SIGTERM", () => stopAll("SIGTERM"));
