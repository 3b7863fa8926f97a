// The floor under any capacity figure: CPU per message over loopback, for bare TCP and for
// WebSocket (masked client frames, as browsers and bots send), both ends in this process,
// with no game, Colyseus or schema work. Multiplied by the messages a player exchanges
// per second at our defaults, it bounds how many players one machine can serve at all.
// Prints a table and writes bench-output/transport.json.
//   npm run bench
import { mkdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import { WebSocket, WebSocketServer } from "ws";
import { PATCH_HZ, TICK_HZ } from "../shared/constants.ts";

const CONNECTIONS = 500;
const ROUNDS = 200;
/** About an input frame (client to server) and a 16-player patch (server to client). */
const SIZES = { input: 12, patch: 220 };
/** Echo probes per second of a bot, and their replies (the load bots' default). */
const ECHO_HZ = 2;

interface Link {
  send(bytes: Buffer): void;
}

interface Transport {
  name: string;
  /** Opens `count` connections; every message that arrives at either end calls `onMessage`. */
  open(count: number, onMessage: () => void): Promise<{ clients: Link[]; servers: Link[]; close(): Promise<void> }>;
}

const tcp: Transport = {
  name: "TCP",
  async open(count, onMessage) {
    const servers: net.Socket[] = [];
    const server = net.createServer((socket) => {
      socket.setNoDelay(true);
      socket.on("data", onMessage);
      servers.push(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    const clients = await Promise.all(Array.from({ length: count }, () => new Promise<net.Socket>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => resolve(socket));
      socket.setNoDelay(true);
      socket.on("data", onMessage);
    })));
    while (servers.length < count) await new Promise((resolve) => setTimeout(resolve, 10));
    const link = (s: net.Socket): Link => ({ send: (bytes) => s.write(bytes) });
    return {
      clients: clients.map(link),
      servers: servers.map(link),
      close: async () => {
        for (const s of [...clients, ...servers]) s.destroy();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  },
};

const websocket: Transport = {
  name: "WebSocket",
  async open(count, onMessage) {
    const servers: WebSocket[] = [];
    const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false });
    wss.on("connection", (ws) => {
      ws.on("message", onMessage);
      servers.push(ws);
    });
    await new Promise((resolve) => wss.once("listening", resolve));
    const { port } = wss.address() as net.AddressInfo;
    const clients = await Promise.all(Array.from({ length: count }, () => new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
      ws.on("open", () => resolve(ws));
      ws.on("error", reject);
      ws.on("message", onMessage);
    })));
    while (servers.length < count) await new Promise((resolve) => setTimeout(resolve, 10));
    const link = (ws: WebSocket): Link => ({ send: (bytes) => ws.send(bytes) });
    return {
      clients: clients.map(link),
      servers: servers.map(link),
      close: async () => {
        for (const ws of clients) ws.terminate();
        await new Promise((resolve) => wss.close(resolve));
      },
    };
  },
};

/** CPU (user + system, µs) per message sent one way on every connection, write and read included. */
async function cpuPerMessage(transport: Transport, direction: "client to server" | "server to client", size: number) {
  let received = 0;
  const { clients, servers, close } = await transport.open(CONNECTIONS, () => { received++; });
  const senders = direction === "client to server" ? clients : servers;
  const bytes = Buffer.alloc(size, 7);
  const total = CONNECTIONS * ROUNDS;
  const started = process.cpuUsage();
  for (let round = 0; round < ROUNDS; round++) {
    for (const link of senders) link.send(bytes);
    await new Promise((resolve) => setImmediate(resolve)); // let the reads happen, as an event loop would between ticks
  }
  const deadline = Date.now() + 10_000;
  while (received < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  const used = process.cpuUsage(started);
  await close();
  if (received < total) throw new Error(`${transport.name}: only ${received} of ${total} messages arrived`);
  return { userUs: used.user / total, systemUs: used.system / total };
}

const machine = {
  cpu: os.cpus()[0]?.model ?? "unknown",
  cores: os.cpus().length,
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
};
console.log(`\nTransport floor: CPU per message over loopback, both ends in one process, ${CONNECTIONS} connections x ${ROUNDS} messages`);
const rows: { transport: string; direction: string; bytes: number; cpuUsPerMessage: number; userUs: number; systemUs: number }[] = [];
for (const transport of [tcp, websocket]) {
  for (const [direction, size] of [["client to server", SIZES.input], ["server to client", SIZES.patch]] as const) {
    const { userUs, systemUs } = await cpuPerMessage(transport, direction, size);
    rows.push({ transport: transport.name, direction, bytes: size, cpuUsPerMessage: +(userUs + systemUs).toFixed(2), userUs: +userUs.toFixed(2), systemUs: +systemUs.toFixed(2) });
  }
}
console.table(rows);

// Per player per second at our defaults: an input per tick and an echo probe up, a patch and an echo reply down.
const ws = (direction: string) => rows.find((r) => r.transport === "WebSocket" && r.direction === direction)!.cpuUsPerMessage;
const upPerSecond = TICK_HZ + ECHO_HZ;
const downPerSecond = PATCH_HZ + ECHO_HZ;
const floorMsPerPlayerSecond = (upPerSecond * ws("client to server") + downPerSecond * ws("server to client")) / 1000;
const playersPerCore = Math.floor(1000 / floorMsPerPlayerSecond);
const floor = { upPerSecond, downPerSecond, floorMsPerPlayerSecond: +floorMsPerPlayerSecond.toFixed(3), playersPerCore };
console.log(`Each player sends ${upPerSecond} and receives ${downPerSecond} messages per second (${TICK_HZ} Hz inputs, ${PATCH_HZ} Hz patches, ${ECHO_HZ} Hz echo probes).`);
console.log(`WebSocket transport alone, both ends: ${floor.floorMsPerPlayerSecond} ms of CPU per player-second, so one core moves the messages of at most ${playersPerCore} players,`);
console.log("before any game, Colyseus, schema or bot work. Server and bots on one machine share this cost.");

mkdirSync("bench-output", { recursive: true });
writeFileSync("bench-output/transport.json", JSON.stringify({ date: new Date().toISOString(), machine, connections: CONNECTIONS, rounds: ROUNDS, rows, floor }, null, 2));
console.log("written bench-output/transport.json");
