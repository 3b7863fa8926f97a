// Measures how long a start takes: from spawning the command to the first good answer from
// /health, on a free loopback port. Prints one line per run and the median; asserts nothing.
//
//   node scripts/measure-start.mjs                       `npm start`, 5 runs
//   node scripts/measure-start.mjs --runs 3 -- node dist/server/server/index.js
import { spawn } from "node:child_process";
import net from "node:net";
import { ROOT } from "./build.mjs";

const argv = process.argv.slice(2);
const split = argv.indexOf("--");
const options = split === -1 ? argv : argv.slice(0, split);
const command = split === -1 ? ["npm", "start"] : argv.slice(split + 1);
const runsAt = options.indexOf("--runs");
const runs = runsAt === -1 ? 5 : Number(options[runsAt + 1]);

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

async function measureOnce() {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command[0], command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so npm's children stop with it
  });
  let output = "";
  child.stdout.on("data", (chunk) => { output += chunk; });
  child.stderr.on("data", (chunk) => { output += chunk; });
  let exited = false;
  const exit = new Promise((resolve) => child.once("exit", () => { exited = true; resolve(); }));
  try {
    for (;;) {
      if (exited) throw new Error(`exited before answering /health:\n${output}`);
      if (performance.now() - started > 120_000) throw new Error(`no /health answer in 120 s:\n${output}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const note = /^(?:build up to date|built (?:client|server)).*$/m.exec(output)?.[0];
    return { ms: performance.now() - started, note };
  } finally {
    if (!exited) process.kill(-child.pid, "SIGTERM");
    await exit;
  }
}

const times = [];
for (let i = 0; i < runs; i++) {
  const { ms, note } = await measureOnce();
  times.push(ms);
  console.log(`run ${i + 1}: ${Math.round(ms)} ms to /health (${command.join(" ")}${note ? `: ${note}` : ""})`);
}
times.sort((a, b) => a - b);
console.log(`median ${Math.round(times[Math.floor(times.length / 2)])} ms, min ${Math.round(times[0])}, max ${Math.round(times.at(-1))}`);
