import { WebSocket } from "ws";
// Node 20 has no global WebSocket and Colyseus uses it on reconnection.
globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;

const { ConfigError, loadConfig } = await import("./config.ts");
const { createGameServer } = await import("./app.ts");

/** A stop that takes longer than this is cut short: the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Configuration error: ${error.message}`);
  process.exit(1);
}
const server = createGameServer(config);
const port = await server.listen(config.port);
console.log(`Skirmish listening on http://localhost:${port} (patches ${config.patchRateHz} Hz, max ${config.maxPlayers} players per room)`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing matchmaking, telling clients, disposing rooms`);
  setTimeout(() => {
    console.error(`shutdown took longer than ${SHUTDOWN_DEADLINE_MS} ms; exiting`);
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS).unref();
  await server.close();
  console.log("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
