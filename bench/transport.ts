// The floor under any capacity figure: CPU per message over loopback, for bare TCP and for
// WebSocket (masked client frames, as browsers and bots send), with no game, Colyseus or
// schema work. The server end runs in this process and the client end in a child process,
// so each side's CPU is measured on its own. Arrivals are counted in bytes: TCP may merge
// messages that queue up into one read, which only makes the floor lower. Multiplied by the messages a player exchanges
// per second at our defaults, it bounds how many players one core can serve at all.
// Prints a table and writes bench-output/transport.json.
//   npm run bench
import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { WebSocket, WebSocketServer } from "ws";
import { PATCH_HZ, TICK_HZ } from "../shared/constants.ts";

const CONNECTIONS = 500;
const ROUNDS = 200;
/** About an input frame (client to server) and a 16-player patch (server to client). */
const SIZES = { input: 12, patch: 220 };
/** Echo probes per second of a bot, and their replies (the load bots' default). */
const ECHO_HZ = 2;

type TransportName = "TCP" | "WebSocket";
type Direction = "client to server" | "server to client";

/** One end's sockets: send to every connection, and count what arrives. */
interface End {
  sendToAll(bytes: Buffer): void;
  close(): void;
}

/** The same End over TCP sockets or WebSockets, whichever side holds them. */
const tcpEnd = (sockets: net.Socket[]): End => ({ sendToAll: (bytes) => { for (const s of sockets) s.write(bytes); }, close: () => sockets.forEach((s) => s.destroy()) });
const webSocketEnd = (sockets: WebSocket[]): End => ({ sendToAll: (bytes) => { for (const s of sockets) s.send(bytes); }, close: () => sockets.forEach((s) => s.terminate()) });

/** Parent → child. */
type Command = { type: "send"; rounds: number; size: number } | { type: "expect"; bytes: number } | { type: "close" };
/** Child → parent. */
type Report = { type: "ready" } | { type: "done"; cpuMicros: number };

const cpuMicros = (since?: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return used.user + used.system;
};

/** Sends `rounds` messages on every connection, yielding to the event loop between rounds as a game loop would. */
async function sendRounds(end: End, rounds: number, size: number): Promise<void> {
  const bytes = Buffer.alloc(size, 7);
  for (let round = 0; round < rounds; round++) {
    end.sendToAll(bytes);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

// ---- server end (this process) ----

async function listen(transport: TransportName, onBytes: (count: number) => void): Promise<{ port: number; end: () => End; close(): Promise<void> }> {
  if (transport === "TCP") {
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => {
      socket.setNoDelay(true);
      socket.on("data", (chunk: Buffer) => onBytes(chunk.length));
      sockets.push(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
      port: (server.address() as net.AddressInfo).port,
      end: () => tcpEnd(sockets),
      close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
    };
  }
  const sockets: WebSocket[] = [];
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false });
  wss.on("connection", (ws) => {
    ws.on("message", (data: Buffer) => onBytes(data.length));
    sockets.push(ws);
  });
  await new Promise((resolve) => wss.once("listening", resolve));
  return {
    port: (wss.address() as net.AddressInfo).port,
    end: () => webSocketEnd(sockets),
    close: () => new Promise((resolve) => { for (const s of sockets) s.terminate(); wss.close(() => resolve()); }),
  };
}

function nextReport(child: ChildProcess): Promise<Report> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the client process did not answer within 30 s")), 30_000);
    child.once("message", (message) => { clearTimeout(timer); resolve(message as Report); });
  });
}

/** µs of CPU per message on each side, for one transport and direction. */
async function measure(transport: TransportName, direction: Direction, size: number) {
  const total = CONNECTIONS * ROUNDS;
  let receivedBytes = 0;
  const server = await listen(transport, (count) => { receivedBytes += count; });
  const child = fork(fileURLToPath(import.meta.url), ["--client", transport, String(server.port)], { execArgv: process.execArgv });
  try {
    if ((await nextReport(child)).type !== "ready") throw new Error("the client process failed to connect");
    const started = process.cpuUsage();
    let clientMicros: number;
    if (direction === "client to server") {
      child.send({ type: "send", rounds: ROUNDS, size } satisfies Command);
      const report = await nextReport(child);
      const deadline = Date.now() + 10_000;
      while (receivedBytes < total * size && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
      if (report.type !== "done") throw new Error("unexpected report");
      clientMicros = report.cpuMicros;
    } else {
      child.send({ type: "expect", bytes: total * size } satisfies Command);
      const done = nextReport(child);
      await sendRounds(server.end(), ROUNDS, size);
      const report = await done;
      if (report.type !== "done") throw new Error("unexpected report");
      clientMicros = report.cpuMicros;
      receivedBytes = total * size;
    }
    const serverMicros = cpuMicros(started);
    if (receivedBytes < total * size) throw new Error(`${transport}: only ${receivedBytes} of ${total * size} bytes arrived`);
    return { serverUs: serverMicros / total, clientUs: clientMicros / total };
  } finally {
    child.send({ type: "close" } satisfies Command);
    await server.close();
  }
}

// ---- client end (the child process) ----

async function runClient(transport: TransportName, port: number): Promise<void> {
  let receivedBytes = 0;
  let expectedBytes = Infinity;
  let expectStarted: NodeJS.CpuUsage | undefined;
  const onBytes = (count: number) => {
    receivedBytes += count;
    if (receivedBytes === expectedBytes) process.send!({ type: "done", cpuMicros: cpuMicros(expectStarted) } satisfies Report);
  };
  const end = transport === "TCP" ? await connectTcp(port, onBytes) : await connectWebSocket(port, onBytes);
  await new Promise((resolve) => setTimeout(resolve, 200)); // the server has accepted every connection
  process.on("message", async (command: Command) => {
    if (command.type === "send") {
      const started = process.cpuUsage();
      await sendRounds(end, command.rounds, command.size);
      process.send!({ type: "done", cpuMicros: cpuMicros(started) } satisfies Report);
    } else if (command.type === "expect") {
      receivedBytes = 0;
      expectStarted = process.cpuUsage();
      expectedBytes = command.bytes;
    } else {
      end.close();
      process.exit(0);
    }
  });
  process.send!({ type: "ready" } satisfies Report);
}

async function connectTcp(port: number, onBytes: (count: number) => void): Promise<End> {
  const sockets = await Promise.all(Array.from({ length: CONNECTIONS }, () => new Promise<net.Socket>((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => resolve(socket));
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => onBytes(chunk.length));
  })));
  return tcpEnd(sockets);
}

async function connectWebSocket(port: number, onBytes: (count: number) => void): Promise<End> {
  const sockets = await Promise.all(Array.from({ length: CONNECTIONS }, () => new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
    ws.on("open", () => resolve(ws));
    ws.on("error", reject);
    ws.on("message", (data: Buffer) => onBytes(data.length));
  })));
  return webSocketEnd(sockets);
}

// ---- main ----

if (process.argv[2] === "--client") {
  await runClient(process.argv[3] as TransportName, Number(process.argv[4]));
} else {
  const machine = { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` };
  console.log(`\nTransport floor: CPU per message over loopback, server end here and client end in a child process, ${CONNECTIONS} connections x ${ROUNDS} messages`);
  const rows: { transport: TransportName; direction: Direction; bytes: number; serverUsPerMessage: number; clientUsPerMessage: number }[] = [];
  for (const transport of ["TCP", "WebSocket"] as const) {
    for (const [direction, size] of [["client to server", SIZES.input], ["server to client", SIZES.patch]] as const) {
      const { serverUs, clientUs } = await measure(transport, direction, size);
      rows.push({ transport, direction, bytes: size, serverUsPerMessage: +serverUs.toFixed(2), clientUsPerMessage: +clientUs.toFixed(2) });
    }
  }
  console.table(rows);

  // Per player per second at our defaults: an input per tick and an echo probe up, a patch and an echo reply down.
  const ws = (direction: Direction) => rows.find((r) => r.transport === "WebSocket" && r.direction === direction)!;
  const up = TICK_HZ + ECHO_HZ;
  const down = PATCH_HZ + ECHO_HZ;
  const serverMs = (up * ws("client to server").serverUsPerMessage + down * ws("server to client").serverUsPerMessage) / 1000;
  const clientMs = (up * ws("client to server").clientUsPerMessage + down * ws("server to client").clientUsPerMessage) / 1000;
  const floor = {
    messagesUpPerSecond: up,
    messagesDownPerSecond: down,
    serverMsPerPlayerSecond: +serverMs.toFixed(3),
    clientMsPerPlayerSecond: +clientMs.toFixed(3),
    playersPerServerCore: Math.floor(1000 / serverMs),
    playersPerBotCore: Math.floor(1000 / clientMs),
  };
  console.log(`Each player sends ${up} and receives ${down} messages per second (${TICK_HZ} Hz inputs, ${PATCH_HZ} Hz patches, ${ECHO_HZ} Hz echo probes).`);
  console.log(`WebSocket transport alone costs the server ${floor.serverMsPerPlayerSecond} ms and the client ${floor.clientMsPerPlayerSecond} ms of CPU per player-second:`);
  console.log(`one server core moves the messages of at most ${floor.playersPerServerCore} players, one bot core those of ${floor.playersPerBotCore} bots,`);
  console.log("before any game, Colyseus, schema or bot work.");
  mkdirSync("bench-output", { recursive: true });
  writeFileSync("bench-output/transport.json", JSON.stringify({ date: new Date().toISOString(), machine, connections: CONNECTIONS, rounds: ROUNDS, rows, floor }, null, 2));
  console.log("written bench-output/transport.json");
}
