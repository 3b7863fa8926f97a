// Starts a worker thread on a module that may be TypeScript. On Node 20 a worker given
// `execArgv: ["--import", "tsx"]` still fails on .ts files (ERR_UNKNOWN_FILE_EXTENSION),
// so a .ts module is started through tsWorkerBootstrap.mjs, which calls tsx's register()
// in the worker first. Being plain .mjs, the bootstrap loads the same way whether this
// file runs under `tsx` or under mocha. Plain .js modules start directly.
import { Worker, type WorkerOptions } from "node:worker_threads";

const BOOTSTRAP = new URL("./tsWorkerBootstrap.mjs", import.meta.url);

export function spawnWorker(moduleUrl: URL, options: WorkerOptions): Worker {
  if (!moduleUrl.pathname.endsWith(".ts")) return new Worker(moduleUrl, options);
  return new Worker(BOOTSTRAP, { ...options, argv: [moduleUrl.href] });
}
