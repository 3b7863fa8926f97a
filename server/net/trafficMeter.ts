// Counts every WebSocket message in and out of the server, by kind, at the socket: what
// the wire carried, whichever room or Colyseus path sent it. A kind is read from the
// message's first bytes (the Colyseus protocol code, then our message id), so counting
// costs two array bumps per message and nothing is decoded.
import { Protocol } from "@colyseus/core";
import type { WebSocket, WebSocketServer } from "ws";
import { MessageType } from "../../shared/protocol.ts";

export const TRAFFIC_KINDS = [
  "join", "leave", "ping", "inputs", "echo", "chat", "view", // client → server (join: the join acknowledgement)
  "state", "patch", "kill", "chat_line", "chat_rejected", "hit", "shots", "lobby", "error", // server → client ("echo" and "join" both ways)
  "other",
] as const;
export type TrafficKind = (typeof TRAFFIC_KINDS)[number];

const kindIndex = (kind: TrafficKind) => TRAFFIC_KINDS.indexOf(kind);
const OTHER = kindIndex("other");

/** Our message ids, as counted (ROOM_DATA and ROOM_DATA_BYTES carry them in their second byte). */
const MESSAGE_KINDS: Record<MessageType, TrafficKind> = {
  [MessageType.ECHO]: "echo",
  [MessageType.CHAT]: "chat",
  [MessageType.INPUTS]: "inputs",
  [MessageType.VIEW]: "view",
  [MessageType.KILL]: "kill",
  [MessageType.CHAT_LINE]: "chat_line",
  [MessageType.CHAT_REJECTED]: "chat_rejected",
  [MessageType.HIT]: "hit",
  [MessageType.SHOTS]: "shots",
};
const BY_MESSAGE_ID = new Int8Array(256).fill(OTHER);
for (const [id, kind] of Object.entries(MESSAGE_KINDS)) BY_MESSAGE_ID[Number(id)] = kindIndex(kind);

const CODE_MASK = 0x1f;
const BY_CODE = new Int8Array(32).fill(OTHER);
BY_CODE[Protocol.JOIN_ROOM] = kindIndex("join");
BY_CODE[Protocol.LEAVE_ROOM] = kindIndex("leave");
BY_CODE[Protocol.PING] = kindIndex("ping");
BY_CODE[Protocol.ROOM_STATE] = kindIndex("state");
BY_CODE[Protocol.ROOM_STATE_PATCH] = kindIndex("patch");
BY_CODE[Protocol.ERROR] = kindIndex("error");

/** Which kind a message is, from its first two bytes. */
export function trafficKind(message: Uint8Array): number {
  if (message.length === 0) return OTHER;
  const code = message[0] & CODE_MASK;
  if (code === Protocol.ROOM_DATA || code === Protocol.ROOM_DATA_BYTES) {
    if (message.length < 2) return OTHER;
    // A string type (msgpack fixstr, 0xa0–0xbf) is the lobby's listing ("rooms", "+", "-", "filter").
    return (message[1] & 0xe0) === 0xa0 ? kindIndex("lobby") : BY_MESSAGE_ID[message[1]];
  }
  return BY_CODE[code];
}

export interface Traffic {
  messagesIn: Float64Array;
  bytesIn: Float64Array;
  messagesOut: Float64Array;
  bytesOut: Float64Array;
}

export const newTraffic = (): Traffic => ({
  messagesIn: new Float64Array(TRAFFIC_KINDS.length),
  bytesIn: new Float64Array(TRAFFIC_KINDS.length),
  messagesOut: new Float64Array(TRAFFIC_KINDS.length),
  bytesOut: new Float64Array(TRAFFIC_KINDS.length),
});

type Payload = Uint8Array | ArrayBuffer | readonly Uint8Array[] | string;

/** Meters every socket `wss` accepts from now on. */
export function meterTraffic(wss: WebSocketServer, traffic: Traffic): void {
  wss.on("connection", (socket: WebSocket) => {
    socket.on("message", (data: Payload) => count(traffic.messagesIn, traffic.bytesIn, data));
    const send = socket.send;
    socket.send = function meteredSend(this: WebSocket, data: Payload, ...rest: unknown[]) {
      count(traffic.messagesOut, traffic.bytesOut, data);
      return (send as (...args: unknown[]) => void).call(this, data, ...rest);
    } as WebSocket["send"];
  });
}

function count(messages: Float64Array, bytes: Float64Array, data: Payload): void {
  const message = data instanceof Uint8Array ? data
    : data instanceof ArrayBuffer ? new Uint8Array(data)
    : Array.isArray(data) ? (data[0] ?? new Uint8Array(0)) // ws hands fragmented messages over as a list
    : new Uint8Array(0);
  const kind = trafficKind(message);
  messages[kind]++;
  bytes[kind] += Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0)
    : typeof data === "string" ? Buffer.byteLength(data) : message.length;
}
