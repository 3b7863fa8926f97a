import { ROOM_STATUS_PATH } from "../../../shared/protocol.ts";

/** The parts of window.location the server address depends on. */
export interface PageLocation {
  protocol: string;
  host: string;
  search: string;
}

const ALLOWED_PROTOCOLS = new Set(["ws:", "wss:", "http:", "https:"]);

/**
 * The game server shares the page's origin unless `?server=ws://host:port` names
 * another one (a dev server, a remote deployment). An unusable parameter falls back
 * to the page's origin rather than failing.
 */
export function resolveServerUrl(location: PageLocation): string {
  const requested = new URLSearchParams(location.search).get("server")?.trim();
  if (requested) {
    try {
      const url = new URL(requested);
      if (ALLOWED_PROTOCOLS.has(url.protocol)) {
        const protocol = url.protocol === "https:" ? "wss:" : url.protocol === "http:" ? "ws:" : url.protocol;
        return `${protocol}//${url.host}${url.pathname === "/" ? "" : url.pathname}`;
      }
    } catch {
      // fall through to the page's origin
    }
  }
  const secure = location.protocol === "https:";
  return `${secure ? "wss" : "ws"}://${location.host}`;
}

/** Where to ask whether room `roomId` still exists (ROOM_STATUS_PATH), from the game server's ws(s):// URL. */
export function roomStatusUrl(serverUrl: string, roomId: string): string {
  return `${serverUrl.replace(/^ws(s?):/, "http$1:")}${ROOM_STATUS_PATH}${encodeURIComponent(roomId)}`;
}
