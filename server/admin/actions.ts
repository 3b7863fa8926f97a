// The admin view's two actions, on rooms of this process: kick one client, close one room.
import { matchMaker, type Room } from "@colyseus/core";
import { CloseCode } from "../../shared/protocol.ts";

export const KICK_REASON = "kicked by an admin";

export type KickResult =
  /** The client was connected: closed with CloseCode.KICKED, its seat released. */
  | { ok: true; outcome: "kicked"; name?: string }
  /** The player had dropped and its seat was held for a reconnection: the hold is cancelled. */
  | { ok: true; outcome: "seat_released"; name?: string }
  | { ok: false; error: "no_such_room" | "no_such_client" };

export type CloseResult = { ok: true; clients: number } | { ok: false; error: "no_such_room" | "not_ready" };

/**
 * Colyseus's pending reconnections of a room, by reconnection token: [sessionId, deferred].
 * Private in its typings; Room.disconnect() rejects them the same way.
 */
type PendingReconnections = { _reconnections?: Record<string, [string, { reject(reason: unknown): void }]> };

/**
 * Closes `sessionId`'s socket with CloseCode.KICKED and gives it no reconnection window.
 * Colyseus's own operator entry (Room.kickClient) runs the room's onDrop for any code but
 * 4000, and the arena holds a dropped seat there (allowReconnection, registered before
 * onDrop's first await, so before kickClient returns): that hold is cancelled at once, as
 * when the window runs out, and onLeave releases the seat. A reload of the kicked tab
 * cannot take the seat back. (Without the cancel it would be worse than a held seat:
 * kickClient closes the socket only once onDrop resolves, i.e. after the whole window.)
 */
export function kickClient(roomId: string, sessionId: string): KickResult {
  const room = matchMaker.getLocalRoomById(roomId);
  if (!room) return { ok: false, error: "no_such_room" };
  const name = playerName(room, sessionId);
  if (room.clients.getById(sessionId)) {
    room.kickClient(sessionId, CloseCode.KICKED, KICK_REASON);
    cancelReconnection(room, sessionId);
    return { ok: true, outcome: "kicked", name };
  }
  if (cancelReconnection(room, sessionId)) return { ok: true, outcome: "seat_released", name };
  return { ok: false, error: "no_such_client" };
}

/** Disconnects every client of the room with CloseCode.CLOSED_BY_ADMIN and disposes it (no seat is held). */
export async function closeRoom(roomId: string): Promise<CloseResult> {
  const room = matchMaker.getLocalRoomById(roomId);
  if (!room) return { ok: false, error: "no_such_room" };
  const clients = room.clients.length;
  try {
    await room.disconnect(CloseCode.CLOSED_BY_ADMIN);
  } catch {
    return { ok: false, error: "not_ready" }; // still in onCreate
  }
  return { ok: true, clients };
}

function cancelReconnection(room: Room, sessionId: string): boolean {
  const pending = (room as unknown as PendingReconnections)._reconnections ?? {};
  for (const [heldFor, reconnection] of Object.values(pending)) {
    if (heldFor !== sessionId) continue;
    reconnection.reject(new Error(KICK_REASON));
    return true;
  }
  return false;
}

function playerName(room: Room, sessionId: string): string | undefined {
  const players = (room.state as { players?: { get(id: string): { name?: unknown } | undefined } } | undefined)?.players;
  const name = players?.get?.(sessionId)?.name;
  return typeof name === "string" ? name : undefined;
}
