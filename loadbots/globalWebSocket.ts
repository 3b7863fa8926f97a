// Node 20 has no global WebSocket and the Colyseus SDK looks for one. Import this
// module first in every entry point (the CLI and each worker thread) so it runs before
// the SDK is evaluated.
import { WebSocket } from "ws";

globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;
