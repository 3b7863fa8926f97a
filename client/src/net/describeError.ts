// Player-facing wording for why joining failed or why a match connection ended.
import { CloseCode as ColyseusCloseCode } from "@colyseus/sdk";
import { CloseCode } from "../../../shared/protocol.ts";

function hostOf(serverUrl: string): string {
  try {
    return new URL(serverUrl).host;
  } catch {
    return serverUrl;
  }
}

/** Why the join failed, in words a player can act on. */
export function describeJoinError(error: unknown, serverUrl: string): string {
  const code = typeof error === "object" && error !== null && "code" in error ? (error as { code: unknown }).code : undefined;
  const message = error instanceof Error ? error.message.trim() : typeof error === "string" ? error.trim() : "";
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
      return null;
    case ColyseusCloseCode.SERVER_SHUTDOWN:
      return "The server is restarting. Try again in a moment.";
    case CloseCode.PROTOCOL_VIOLATION:
      return "Disconnected by the server: too many invalid messages.";
    case ColyseusCloseCode.WITH_ERROR:
      return `Disconnected by the server${reason ? `: ${reason}` : ""}.`;
    case ColyseusCloseCode.FAILED_TO_RECONNECT:
      return "Lost the connection to the server and could not reconnect.";
    default:
      return `Lost the connection to the server (code ${code}${reason ? `: ${reason}` : ""}).`;
  }
}
