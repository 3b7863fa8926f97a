// Player-facing wording for why joining failed or why a match connection ended.
import { CloseCode as ColyseusCloseCode, ErrorCode } from "@colyseus/sdk";
import { CloseCode } from "../../../shared/protocol.ts";
import type { JoinRequest } from "./joinRequest.ts";

function hostOf(serverUrl: string): string {
  try {
    return new URL(serverUrl).host;
  } catch {
    return serverUrl;
  }
}

/** The example in the "bad code" message uses only characters a code can have. */
export const BAD_CODE_MESSAGE = "A room code is 5 letters and digits, like K7QXA.";

/** Why the join failed, in words a player can act on. */
export function describeJoinError(error: unknown, serverUrl: string, request?: JoinRequest): string {
  const code = typeof error === "object" && error !== null && "code" in error ? (error as { code: unknown }).code : undefined;
  const message = error instanceof Error ? error.message.trim() : typeof error === "string" ? error.trim() : "";
  if (code === ErrorCode.MATCHMAKE_INVALID_ROOM_ID) {
    if (/locked/i.test(message)) return "That room is full or its match is just ending. Try again in a moment.";
    if (request?.method === "joinById" && request.privateRoom) {
      return `No open room has the code ${request.roomId}. Check the code: a room closes when its last player leaves.`;
    }
    return "That room has just closed. Pick another one or press Play.";
  }
  if (code === ErrorCode.MATCHMAKE_EXPIRED) return "Your previous match is over.";
  if (typeof code === "number" && message) return `The server refused to join: ${message}`;
  if (error instanceof TypeError || /fetch|network|ECONNREFUSED|connect/i.test(message) || !message) {
    return `Could not reach the game server at ${hostOf(serverUrl)}. Check that it is running and try again.`;
  }
  return `Could not join: ${message}`;
}

/** Why the match connection closed, or null when the player left on purpose. */
export function describeLeave(code: number, reason?: string): string | null {
  switch (code) {
    case ColyseusCloseCode.CONSENTED:
    case ColyseusCloseCode.NORMAL_CLOSURE:
      return null;
    case CloseCode.SERVER_SHUTDOWN:
      return "The server is restarting. Try again in a moment.";
    case CloseCode.PROTOCOL_VIOLATION:
      return "Disconnected by the server: too many invalid messages.";
    case CloseCode.FLOODING:
      return "Disconnected by the server: too many messages too fast.";
    case CloseCode.SLOW_CONSUMER:
      return "Disconnected: this connection fell too far behind the game.";
    case CloseCode.ROOM_ERROR:
      return "The match closed after a server error. Other rooms are fine: press Play to start again.";
    case CloseCode.KICKED:
      return "A server admin removed you from the match.";
    case CloseCode.CLOSED_BY_ADMIN:
      return "A server admin closed this room. Press Play to join another.";
    case ColyseusCloseCode.WITH_ERROR:
      return `Disconnected by the server${reason ? `: ${reason}` : ""}.`;
    case ColyseusCloseCode.FAILED_TO_RECONNECT:
      // The SDK's retries and the watchdog both end here: the process hosting the match is
      // unreachable (stopped, crashed, or cut off), and a match lives on one process only.
      return "Lost the connection to the game server and could not get back into the match: "
        + "the server hosting it has stopped or gone away. Go back to the menu and press Play to join another match.";
    default:
      return `Lost the connection to the server (code ${code}${reason ? `: ${reason}` : ""}).`;
  }
}

/** A leave that sends the player straight back to the menu, rather than leaving them at a "connection lost" screen. */
export function leavesToMenu(code: number): boolean {
  return code === ColyseusCloseCode.CONSENTED || code === ColyseusCloseCode.NORMAL_CLOSURE || code === CloseCode.SERVER_SHUTDOWN
    || code === CloseCode.KICKED || code === CloseCode.CLOSED_BY_ADMIN;
}
