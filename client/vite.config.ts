import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const clientDir = fileURLToPath(new URL(".", import.meta.url));
const repoDir = fileURLToPath(new URL("..", import.meta.url));

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
  },
});
