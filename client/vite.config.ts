import type { IncomingMessage } from "node:http";
import { fileURLToPath } from "node:url";
import { defineConfig, type ProxyOptions } from "vite";

const clientDir = fileURLToPath(new URL(".", import.meta.url));
const repoDir = fileURLToPath(new URL("..", import.meta.url));

// `vite` (npm run dev / dev:client) serves the page itself and hands game traffic to the game
// server: the page's origin is then Vite's, and the client, which talks to its own origin,
// goes through this proxy. npm run dev sets GAME_SERVER_URL from PORT.
const gameServer = process.env.GAME_SERVER_URL || "http://127.0.0.1:2567";
/** Vite's own sockets (hot reload, its ping) are never forwarded. */
const isViteSocket = (req: IncomingMessage) => /^vite-/.test(String(req.headers["sec-websocket-protocol"] ?? ""));
const toGameServer: ProxyOptions = { target: gameServer };
const proxy: Record<string, ProxyOptions> = {
  // Matchmaking over HTTP (POST /matchmake/...), and the server's own pages.
  "/matchmake": toGameServer,
  "/health": toGameServer,
  "/metrics": toGameServer,
  "/admin": toGameServer,
  "/rooms": toGameServer,
  // A room's WebSocket: ws://<page host>/<processId>/<roomId>?sessionId=... Plain HTTP
  // requests of that shape (a module with ?t=..., say) stay with Vite.
  "^/[^/?#]+/[^/?#]+\\?": { ...toGameServer, ws: true, bypass: (req, res) => (res || isViteSocket(req) ? req.url : undefined) },
};

// Builds client/ into dist/client, which the game server serves at /. No plugins and
// nothing fetched at runtime: the page works offline from its own origin.
export default defineConfig({
  root: clientDir,
  base: "./",
  publicDir: false,
  clearScreen: false,
  build: {
    outDir: fileURLToPath(new URL("../dist/client", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false, // a 12 MB map is not something to serve to every player
    // Phaser alone is over a megabyte minified; that is expected, not a regression.
    chunkSizeWarningLimit: 2048,
  },
  server: {
    // shared/ lives beside client/.
    fs: { allow: [repoDir] },
    proxy,
  },
});
