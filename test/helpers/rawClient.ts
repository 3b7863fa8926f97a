import { WebSocket, type ClientOptions } from "ws";
import { Protocol } from "@colyseus/core";
import { ROOM_NAME } from "../../shared/protocol.ts";

export interface SeatReservation { roomId: string; processId: string; sessionId: string }

/** Reserves a seat over the matchmaking HTTP API, as any client must before its WebSocket. */
export async function reserveSeat(httpUrl: string, options: Record<string, unknown> = {}): Promise<SeatReservation> {
  const res = await fetch(`${httpUrl}/matchmake/joinOrCreate/${ROOM_NAME}`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(options),
  });
  if (!res.ok) throw new Error(`seat reservation failed: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A bare WebSocket holding a reserved seat: it speaks only the bytes a test makes it send. */
export class RawClient {
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;
  /** Resolves with the first server message, the JOIN_ROOM handshake. */
  readonly handshake: Promise<Buffer>;

  /** Frames received so far, by protocol code (the low 5 bits of the first byte). */
  readonly received = new Map<number, number>();

  private constructor(readonly ws: WebSocket) {
    this.opened = new Promise((resolve, reject) => { ws.once("open", () => resolve()); ws.once("error", reject); });
    this.closed = new Promise((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
    this.handshake = new Promise((resolve) => ws.once("message", (data) => resolve(data as Buffer)));
    ws.on("message", (data: Buffer) => {
      const code = data[0] & 0x1f;
      this.received.set(code, (this.received.get(code) ?? 0) + 1);
    });
  }

  static async connect(wsUrl: string, seat: SeatReservation, options?: ClientOptions): Promise<RawClient> {
    const client = new RawClient(new WebSocket(`${wsUrl}/${seat.processId}/${seat.roomId}?sessionId=${seat.sessionId}`, options));
    await client.opened;
    return client;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Completes the join the way the SDK does: acknowledge the handshake. */
  async join(): Promise<void> {
    await this.handshake;
    this.send([Protocol.JOIN_ROOM]);
  }

  send(bytes: ArrayLike<number> | Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(Uint8Array.from(bytes as ArrayLike<number>));
  }

  close(): void {
    this.ws.terminate();
  }
}

/** Opens a WebSocket and reports how the handshake ended: open, or the HTTP status it was refused with. */
export function tryHandshake(url: string, options?: ClientOptions): Promise<{ open: true; ws: WebSocket } | { open: false; status: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.once("open", () => resolve({ open: true, ws }));
    ws.once("unexpected-response", (_req, res) => { resolve({ open: false, status: res.statusCode ?? 0 }); res.resume(); ws.terminate(); });
    ws.once("error", (error) => { if (ws.readyState !== WebSocket.CLOSED) reject(error); });
  });
}
