// The one wiring of a joined room into the netcode, shared by the browser and the headless
// measuring client: snapshots, echo replies and hits go into a MatchView, echoes go out.
import type { Room } from "@colyseus/sdk";
import { decodeEchoReply, decodeHit, MessageType } from "../../../shared/protocol.ts";
import type { ArenaState } from "../../../shared/schema.ts";
import { MatchView, type InputFrameData } from "./MatchView.ts";
import type { TrafficCounters } from "./meteredClient.ts";

export function viewRoom(room: Room<any, ArenaState>, traffic?: TrafficCounters): MatchView {
  const input = room.input<InputFrameData>();
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
  return view;
}
