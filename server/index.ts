import { WebSocket } from "ws";
// Node 20 has no global WebSocket and Colyseus uses it on reconnection.
globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;

const { ConfigError, loadConfig } = await import("./config.ts");
const { createGameServer } = await import("./app.ts");

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
