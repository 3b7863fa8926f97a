// Wiring of the checks into a Colyseus room: a ClientGuard in front of every frame, what
// happens to a client it condemns, the send-buffer bound, and fault reports. Every room
// type of the server uses these, so the arena and the lobby are held to the same rules.
import { ClientState, type Client, type Room } from "@colyseus/core";
import { CloseCode } from "../../shared/protocol.ts";
import type { Logger } from "../log.ts";
import type { ServerMetrics } from "../metrics.ts";
import { ABUSER_LINGER_MS, type ClientGuard, type FrameVerdict } from "./ClientGuard.ts";
import { describeFault, type FaultContext, type FaultDecision, type FaultSource, type RoomFaults } from "./RoomFaults.ts";
import { findSlowConsumers, type SendQueue } from "./sendBacklog.ts";

/** What the checks report to: the server instance's metrics and log. */
export interface RoomServices {
  metrics: ServerMetrics;
  log: Logger;
}

/** Colyseus's entry point for every frame of a joined socket; private in its typings. */
type FrameIntake = { _onMessage(client: Client, frame: Uint8Array): void };

/** With ws-transport, `client.ref` is the ws WebSocket (see Client.ref's documentation). */
type RawSocket = SendQueue & { pause(): void; terminate(): void };
const socketOf = (client: Client) => client.ref as unknown as RawSocket;

/**
 * Puts `guard` in front of every frame `room` receives. Colyseus binds `room._onMessage`
 * to each socket when a client joins (Room._onJoin) and the method is private in its
 * typings, hence the cast; call this in onCreate, before anyone can join. Input frames the
 * guard passes go to `onInputs` (the room reads them itself: no message routing, no copy);
 * other frames go on to Colyseus unchanged. An exception on their way is handed to `onFault`
 * (thrown from here it would escape into the socket's event emitter and end the process).
 */
export function guardRoomFrames(
  room: Room, guard: ClientGuard, services: RoomServices,
  onFault: (error: unknown, client: Client) => void, onInputs?: (client: Client, frame: Uint8Array) => void,
): void {
  const intake = room as unknown as FrameIntake;
  const colyseusIntake = intake._onMessage.bind(room);
  intake._onMessage = (client, frame) => {
    const phase = client.state === ClientState.JOINED ? "joined" : "awaiting_join_ack";
    const verdict = guard.inspect(client.sessionId, frame, phase, performance.now());
    if (verdict.action !== "pass") return enforceVerdict(client, verdict, services, room.roomId);
    try {
      if (verdict.frame.kind === "inputs" && onInputs) onInputs(client, frame);
      else colyseusIntake(client, frame);
    } catch (error) {
      onFault(error, client);
    }
  };
}

/** Counts a verdict, and closes the client when it says so. */
export function enforceVerdict(client: Client, verdict: FrameVerdict, services: RoomServices, roomId: string): void {
  services.metrics.countFrameVerdict(verdict);
  if (verdict.action !== "close") return;
  services.log.warn({ event: "client_closed", room: roomId, session: client.sessionId, reason: verdict.abuse, code: verdict.code }, verdict.reason);
  client.leave(verdict.code, verdict.reason);
  // Stop reading an abuser: what it keeps sending waits in the kernel (TCP pushes back) and
  // is never parsed. Its close frame is on its way; the socket is cut shortly after.
  const socket = socketOf(client);
  socket.pause();
  setTimeout(() => socket.terminate(), ABUSER_LINGER_MS).unref();
}

/** Closes the clients that stopped reading before their queue grows further. */
export function closeSlowConsumers(clients: Iterable<Client>, maxSendBufferBytes: number, services: RoomServices, roomId: string): void {
  for (const client of findSlowConsumers(clients, socketOf, maxSendBufferBytes)) {
    services.metrics.counts.clientsClosed.slow_consumer++;
    services.log.warn({ event: "client_closed", room: roomId, session: client.sessionId, reason: "slow_consumer", code: CloseCode.SLOW_CONSUMER }, "the client stopped reading");
    client.leave(CloseCode.SLOW_CONSUMER, "send buffer full: the client is not reading");
  }
}

/** Counts a fault of a room and logs it with its context, as loudly as the room's RoomFaults decide. */
export function reportFault(
  faults: RoomFaults, source: FaultSource, context: Omit<FaultContext, "total">, error: unknown, services: RoomServices,
): FaultDecision {
  services.metrics.counts.roomErrors++;
  const decision = faults.record(source);
  if (decision.log === "silent") return decision;
  const { roomType, room, where, tick, phase, client } = context;
  const fields = { event: "room_fault", roomType, room, where, tick, phase, session: client, faults: decision.total };
  // The first faults of a room with their stack; after that a line now and then, without it.
  services.log.error({ ...fields, err: decision.log === "full" ? error : String(error) }, describeFault({ ...context, total: decision.total }));
  return decision;
}
