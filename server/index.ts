import { WebSocket } from "ws";
// Node 20 has no global WebSocket and Colyseus uses it on reconnection.
globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;

const { ConfigError, loadConfig } = await import("./config.ts");
const { createGameServer } = await import("./app.ts");
const { createLogger } = await import("./log.ts");
const { watchProcessFaults } = await import("./processFaults.ts");

/** Once rooms are closed, a stop that takes longer than this is cut short: the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;

let config: import("./config.ts").ServerConfig;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Configuration error: ${error.message}`);
  process.exit(1);
}
const log = createLogger({ level: config.logLevel, pretty: config.logPretty });
const server = createGameServer(config, { log });
watchProcessFaults(process, log, server.metrics);
const port = await server.listen(config.port);
log.info({ event: "started", port, patchRateHz: config.patchRateHz, maxPlayers: config.maxPlayers },
  `Skirmish listening on http://localhost:${port}`);

let stopping = false;
/**
 * SIGTERM (an orchestrator's stop) drains: new players go elsewhere, matches in play finish
 * within DRAIN_SECONDS. SIGINT (Ctrl-C), or a second signal, stops at once.
 */
async function stop(signal: string, drain: boolean): Promise<void> {
  const draining = stopping;
  stopping = true;
  log.info({ event: "stopping", signal, drainSeconds: drain && !draining ? config.drainSeconds : 0 });
  if (drain && !draining) await server.drain(config.drainSeconds);
  setTimeout(() => {
    log.error({ event: "shutdown_timeout", ms: SHUTDOWN_DEADLINE_MS }, "shutdown took too long; exiting");
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS).unref();
  await server.close();
  log.flush();
  process.exit(0);
}
const stopOn = (signal: string, drain: boolean) => () => {
  stop(signal, drain).catch((error: unknown) => {
    log.fatal({ event: "shutdown_failed", err: error });
    process.exit(1);
  });
};
process.on("SIGTERM", stopOn("SIGTERM", true));
process.on("SIGINT", stopOn("SIGINT", false));
