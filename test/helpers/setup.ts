import { WebSocket } from "ws";
// Node 20 has no global WebSocket and Colyseus uses it on reconnection.
globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;
