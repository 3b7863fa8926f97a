// Wiring of the checks into a Colyseus room: a ClientGuard in front of every frame, what
// happens to a client it condemns, the send-buffer bound, and fault reports. Every room
// type of the server uses these, so the arena and the lobby are held to the same rules.
import { ClientState, type Client, type Room } from "@colyseus/core";
import { CloseCode } from "../../shared/protocol.ts";
import { countFrameVerdict, metrics } from "../metrics.ts";
import { ABUSER_LINGER_MS, type ClientGuard, type FrameVerdict } from "./ClientGuard.ts";
import { describeFault, type FaultContext, type FaultDecision, type FaultSource, type RoomFaults } from "./RoomFaults.ts";
import { findSlowConsumers, type SendQueue } from "./sendBacklog.ts";

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
  room: Room, guard: ClientGuard, onFault: (error: unknown, client: Client) => void, onInputs?: (client: Client, frame: Uint8Array) => void,
): void {
  const intake = room as unknown as FrameIntake;
  const colyseusIntake = intake._onMessage.bind(room);
  intake._onMessage = (client, frame) => {
    const phase = client.state === ClientState.JOINED ? "joined" : "awaiting_join_ack";
    const verdict = guard.inspect(client.sessionId, frame, phase, performance.now());
    if (verdict.action !== "pass") return enforceVerdict(client, verdict);
    try {
      if (verdict.frame.kind === "inputs" && onInputs) onInputs(client, frame);
      else colyseusIntake(client, frame);
    } catch (error) {
      onFault(error, client);
    }
  };
}

/** Counts a verdict, and closes the client when it says so. */
export function enforceVerdict(client: Client, verdict: FrameVerdict): void {
  countFrameVerdict(verdict);
  if (verdict.action !== "close") return;
  client.leave(verdict.code, verdict.reason);
  // Stop reading an abuser: what it keeps sending waits in the kernel (TCP pushes back) and
  // is never parsed. Its close frame is on its way; the socket is cut shortly after.
  const socket = socketOf(client);
  socket.pause();
  setTimeout(() => socket.terminate(), ABUSER_LINGER_MS).unref();
}

/** Closes the clients that stopped reading before their queue grows further. */
export function closeSlowConsumers(clients: Iterable<Client>, maxSendBufferBytes: number): void {
  for (const client of findSlowConsumers(clients, socketOf, maxSendBufferBytes)) {
    metrics.clientsClosed.slow_consumer++;
    client.leave(CloseCode.SLOW_CONSUMER, "send buffer full: the client is not reading");
  }
}

/** Counts a fault of a room and logs it with its context, as loudly as the room's RoomFaults decide. */
export function reportFault(faults: RoomFaults, source: FaultSource, context: Omit<FaultContext, "total">, error: unknown): FaultDecision {
  metrics.roomErrors++;
  const decision = faults.record(source);
  const line = describeFault({ ...context, total: decision.total });
  if (decision.log === "full") console.error(line, error);
  else if (decision.log === "summary") console.error(line, String(error));
  return decision;
}
