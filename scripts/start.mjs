// `npm start`: builds the client and the server only when their build is missing or out of
// date (scripts/build.mjs compares a fingerprint of the sources with the one stamped at the
// last build), then runs the compiled server in this process with plain Node: no tsx, and no
// build tool at all when dist/ is up to date.
//
//   node scripts/start.mjs              build what is stale, then serve
//   node scripts/start.mjs --no-build   serve the build as it is (`npm run serve`): never
//                                       builds, warns when it is stale, fails when missing
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildTarget, checkTarget, ROOT, SERVER_ENTRY, TARGETS } from "./build.mjs";

const started = performance.now();
const noBuild = process.argv.includes("--no-build");
// The server finds dist/client relative to the working directory (npm already runs scripts here).
process.chdir(ROOT);

const built = [];
for (const name of Object.keys(TARGETS)) {
  const status = checkTarget(name);
  if (status.fresh) continue;
  if (noBuild) {
    if (!status.outputExists) {
      console.error(`${name}: ${status.reason}. Build it first: npm run build (or npm start, which builds what is stale).`);
      process.exit(1);
    }
    console.warn(`${name}: ${status.reason}; serving the existing build anyway (npm start rebuilds it).`);
    continue;
  }
  console.log(`${name}: ${status.reason}; building`);
  try {
    buildTarget(name, status.hash);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = status.outputExists ? " `npm run serve` starts the existing, out-of-date build." : "";
    console.error(`${name}: cannot build: ${message}${hint}`);
    process.exit(1);
  }
  built.push(name);
}
const elapsed = Math.round(performance.now() - started);
console.log(built.length > 0 ? `built ${built.join(" and ")} in ${(elapsed / 1000).toFixed(1)} s` : `build up to date (checked in ${elapsed} ms)`);

// Stack traces point at server/*.ts rather than the compiled files.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(path.join(ROOT, SERVER_ENTRY)).href);
