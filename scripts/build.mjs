// Builds what `npm start` runs: the browser client (Vite, into dist/client) and the server
// (tsc, transpile only, into dist/server). Each build leaves a stamp in dist/ holding a
// fingerprint of its inputs (the content of its sources and the locked dependency versions),
// so `npm start` can tell in a few milliseconds, with nothing but Node, whether a build is
// missing or out of date. Plain JavaScript on purpose: the up-to-date check must run where
// no build tool is installed (`npm ci --omit=dev` with a prebuilt dist/).
//
//   node scripts/build.mjs                  build the client and the server
//   node scripts/build.mjs server           build one of them
//   node scripts/build.mjs --if-stale       build only what is missing or out of date
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Part of every fingerprint: bump it when the way a target is built changes. */
const BUILD_FORMAT = 1;

/**
 * inputs: files and directories (walked) whose content decides the output.
 * output: a file that exists after a successful build. stamp: where the fingerprint goes
 * (outside the output directories: Vite empties dist/client, and it is served to players).
 * tool and args: the command, run with this Node. clean: emptied first.
 */
export const TARGETS = {
  client: {
    inputs: ["client", "shared", "tsconfig.json", "package-lock.json"],
    output: "dist/client/index.html",
    stamp: "dist/client.stamp.json",
    tool: { pkg: "vite", bin: "vite" },
    args: ["build", "--config", "client/vite.config.ts"],
    clean: null, // Vite empties dist/client itself
  },
  server: {
    inputs: ["server", "shared", "tsconfig.json", "tsconfig.server.json"],
    output: "dist/server/server/index.js",
    stamp: "dist/server.stamp.json",
    tool: { pkg: "typescript", bin: "tsc" },
    args: ["-p", "tsconfig.server.json"],
    clean: "dist/server", // no stale modules from deleted sources
    // Files the server reads beside its modules (new URL("./static/…", import.meta.url)):
    // every non-TypeScript file under these is copied to the same place in dist/server.
    assets: { from: ["server", "shared"], to: "dist/server" },
  },
};

/** The compiled entry point: `node` runs this in production. */
export const SERVER_ENTRY = TARGETS.server.output;

/** The build tools are devDependencies; a production install does not have them. */
export class MissingBuildToolError extends Error {
  name = "MissingBuildToolError";
}

function listFiles(rel, out) {
  const abs = path.join(ROOT, rel);
  if (!existsSync(abs)) return;
  const entries = readdirSync(abs, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith(".") || entry.name.endsWith("~") || entry.name === "node_modules") continue;
    const child = `${rel}/${entry.name}`;
    if (entry.isDirectory()) listFiles(child, out);
    else if (entry.isFile()) out.push(child);
  }
}

/** The locked versions, whatever the file's formatting (npm may rewrite it without changing them). */
function lockedVersions(abs) {
  const lock = JSON.parse(readFileSync(abs, "utf8"));
  return Object.entries(lock.packages ?? {})
    .map(([where, entry]) => `${where}@${entry.version ?? ""}`)
    .sort()
    .join("\n");
}

/** sha256 over the inputs' paths and contents. */
export function fingerprint(inputs) {
  const hash = createHash("sha256").update(`skirmish-build-${BUILD_FORMAT}\0`);
  for (const input of inputs) {
    const abs = path.join(ROOT, input);
    if (!existsSync(abs)) {
      hash.update(`${input}\0missing\0`);
      continue;
    }
    const files = [];
    if (statSync(abs).isDirectory()) listFiles(input, files);
    else files.push(input);
    for (const file of files) {
      hash.update(`${file}\0`);
      hash.update(file === "package-lock.json" ? lockedVersions(path.join(ROOT, file)) : readFileSync(path.join(ROOT, file)));
      hash.update("\0");
    }
  }
  return hash.digest("hex");
}

/**
 * Is this target's build present and made from the current sources?
 * @returns {{ name: string, hash: string, fresh: boolean, reason?: string, outputExists: boolean }}
 */
export function checkTarget(name) {
  const target = TARGETS[name];
  const hash = fingerprint(target.inputs);
  const outputExists = existsSync(path.join(ROOT, target.output));
  if (!outputExists) return { name, hash, fresh: false, outputExists, reason: `${target.output} is missing` };
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(path.join(ROOT, target.stamp), "utf8"));
  } catch {
    return { name, hash, fresh: false, outputExists, reason: `no build stamp (${target.stamp})` };
  }
  if (stamp.hash !== hash) return { name, hash, fresh: false, outputExists, reason: "sources changed since the last build" };
  return { name, hash, fresh: true, outputExists };
}

function toolPath({ pkg, bin }) {
  const require = createRequire(path.join(ROOT, "package.json"));
  let manifestPath;
  try {
    manifestPath = require.resolve(`${pkg}/package.json`);
  } catch {
    throw new MissingBuildToolError(
      `${pkg} is not installed (a devDependency: production installs omit it). ` +
        "Install everything with `npm ci` and build, or deploy a dist/ built from these sources.",
    );
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const relative = typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.[bin];
  if (!relative) throw new MissingBuildToolError(`${pkg} has no ${bin} command`);
  return path.join(path.dirname(manifestPath), relative);
}

/** Builds one target and stamps it with the fingerprint of the sources it was built from. */
export function buildTarget(name, hash = fingerprint(TARGETS[name].inputs)) {
  const target = TARGETS[name];
  const tool = toolPath(target.tool);
  const stamp = path.join(ROOT, target.stamp);
  rmSync(stamp, { force: true });
  if (target.clean) rmSync(path.join(ROOT, target.clean), { recursive: true, force: true });
  const started = performance.now();
  const result = spawnSync(process.execPath, [tool, ...target.args], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) {
    throw new Error(`${name} build failed (${result.error?.message ?? (result.signal ? `signal ${result.signal}` : `exit code ${result.status}`)})`);
  }
  if (!existsSync(path.join(ROOT, target.output))) throw new Error(`${name} build did not produce ${target.output}`);
  if (target.assets) {
    const files = [];
    for (const dir of target.assets.from) listFiles(dir, files);
    for (const file of files.filter((f) => !f.endsWith(".ts"))) {
      const to = path.join(ROOT, target.assets.to, file);
      mkdirSync(path.dirname(to), { recursive: true });
      copyFileSync(path.join(ROOT, file), to);
    }
  }
  mkdirSync(path.dirname(stamp), { recursive: true });
  writeFileSync(stamp, `${JSON.stringify({ hash, builtAt: new Date().toISOString(), node: process.version }, null, 2)}\n`);
  return performance.now() - started;
}

async function main(argv) {
  const ifStale = argv.includes("--if-stale");
  const names = argv.filter((arg) => !arg.startsWith("--"));
  for (const name of names) {
    if (!(name in TARGETS)) {
      console.error(`unknown build target "${name}" (targets: ${Object.keys(TARGETS).join(", ")})`);
      process.exit(2);
    }
  }
  for (const name of names.length > 0 ? names : Object.keys(TARGETS)) {
    const status = checkTarget(name);
    if (ifStale && status.fresh) {
      console.log(`${name}: up to date`);
      continue;
    }
    const ms = buildTarget(name, status.hash);
    console.log(`${name}: built in ${(ms / 1000).toFixed(1)} s`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
