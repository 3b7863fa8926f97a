// A hostile client in its own process (so its sending does not share the server's event
// loop): several sockets at once each join, flood the room with messages as fast as the
// socket takes them, and join again when closed, until time is up. Prints one JSON
// summary line at the end.
//   node --import tsx test/helpers/flooder.ts <httpUrl> <wsUrl> <durationMs> <sockets>
import { WebSocket } from "ws";
import { Protocol } from "@colyseus/core";
import { MessageType } from "../../shared/protocol.ts";
import { reserveSeat } from "./rawClient.ts";

export interface FloodReport {
  connections: number;
  /** Close code of each flooding connection, in order. */
  closeCodes: number[];
  framesSent: number;
  /** Seat reservations the matchmaker refused (per-address join limit). */
  joinsRefused: number;
}

const [httpUrl, wsUrl, durationText, socketsText] = process.argv.slice(2);
const deadline = Date.now() + Number(durationText);
const report: FloodReport = { connections: 0, closeCodes: [], framesSent: 0, joinsRefused: 0 };
/** A valid ECHO message: the most work per frame for a server that lets it through. */
const ECHO_FRAME = Uint8Array.from([Protocol.ROOM_DATA, MessageType.ECHO, 0x81, 0xa1, 0x74, 0x01]);
const BATCH = 500;

async function floodOnce(): Promise<void> {
  let seat;
  try {
    seat = await reserveSeat(httpUrl, { name: "flooder" });
  } catch {
    report.joinsRefused++;
    await new Promise((resolve) => setTimeout(resolve, 20));
    return;
  }
  const ws = new WebSocket(`${wsUrl}/${seat.processId}/${seat.roomId}?sessionId=${seat.sessionId}`);
  report.connections++;
  const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
  let timeUp = false;
  ws.once("error", () => {});
  ws.once("message", () => {
    ws.send(Uint8Array.of(Protocol.JOIN_ROOM));
    const pump = () => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (Date.now() > deadline) { timeUp = true; ws.terminate(); return; }
      for (let i = 0; i < BATCH; i++) ws.send(ECHO_FRAME);
      report.framesSent += BATCH;
      setImmediate(pump);
    };
    pump();
  });
  const code = await closed;
  if (!timeUp) report.closeCodes.push(code); // the server closed it, not the end of the run
}

async function floodUntilDeadline(): Promise<void> {
  while (Date.now() < deadline) await floodOnce();
}

await Promise.all(Array.from({ length: Number(socketsText) }, floodUntilDeadline));
process.stdout.write(JSON.stringify(report) + "\n");
process.exit(0);
