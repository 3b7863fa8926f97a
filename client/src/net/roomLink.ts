// The one wiring of a joined room into the netcode, shared by the browser and the headless
// measuring client: snapshots, shots, echo replies and hits go into a MatchView, echoes go out.
import type { Room } from "@colyseus/sdk";
import { decodeEchoReply, decodeHit, MessageType } from "../../../shared/protocol.ts";
import type { ArenaState } from "../../../shared/schema.ts";
import { InputSender } from "./InputSender.ts";
import { MatchView } from "./MatchView.ts";
import type { TrafficCounters } from "./meteredClient.ts";

/** Input frames to a joined room, acknowledged through the own player's `ack`; restarted on each drop (the server restarts its count on the reconnection). */
export function roomInputs(room: Room<any, ArenaState>): InputSender {
  const sender = new InputSender(
    (bytes) => { if (room.connection.isOpen) room.sendBytes(MessageType.INPUTS, bytes); },
    () => room.state?.players?.get(room.sessionId)?.ack ?? 0,
  );
  room.onDrop(() => sender.reset());
  return sender;
}

export function viewRoom(room: Room<any, ArenaState>, traffic?: TrafficCounters): MatchView {
  const input = roomInputs(room);
  const view = new MatchView({
    sessionId: room.sessionId,
    get state() { return room.state; },
    input,
    sendEcho: (t) => { if (room.connection.isOpen) room.send(MessageType.ECHO, { t }); },
    traffic,
  }, performance.now());
  room.onStateChange(() => view.onPatch(performance.now()));
  room.onMessage(MessageType.ECHO, (payload: unknown) => {
    const reply = decodeEchoReply(payload);
    if (reply.ok) view.onEchoReply(reply.value, performance.now());
  });
  room.onMessage(MessageType.HIT, (payload: unknown) => {
    const hit = decodeHit(payload);
    if (hit.ok) view.onHit(hit.value);
  });
  room.onMessage(MessageType.SHOTS, (payload: Uint8Array) => view.onShots(payload));
  return view;
}
