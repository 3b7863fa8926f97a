// The seat this tab holds in a match, kept in sessionStorage so that a reload can take it
// back (client.reconnect) instead of starting over. sessionStorage is per tab: two tabs are
// two players, and closing the tab forgets the seat.

import { readItem, writeItem } from "../ui/pageStorage.ts";

/** What a reload needs to get back into the match. */
export interface SavedSession {
  /** The SDK's room.reconnectionToken: "<roomId>:<secret>". */
  token: string;
  /** Joined by code: the HUD shows the code to share. */
  privateRoom: boolean;
}

const STORAGE_KEY = "skirmish.session";
/** Room ids and secrets are short; anything longer was not written by this client. */
const MAX_TOKEN_LENGTH = 200;

/** Where the session is kept; a fake in tests, nothing at all when storage is blocked. */
export interface SessionStore {
  load(): SavedSession | null;
  save(session: SavedSession): void;
  clear(): void;
}

export function isReconnectionToken(token: unknown): token is string {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) return false;
  const [roomId, secret, ...rest] = token.split(":");
  return !!roomId && !!secret && rest.length === 0;
}

/** A session store over a Web Storage (sessionStorage in the page). */
export function storedSessions(storage: Storage | undefined): SessionStore {
  return {
    load() {
      let raw: unknown;
      try {
        raw = JSON.parse(readItem(storage, STORAGE_KEY) ?? "null");
      } catch {
        return null;
      }
      if (typeof raw !== "object" || raw === null) return null;
      const { token, privateRoom } = raw as Record<string, unknown>;
      if (!isReconnectionToken(token)) return null;
      return { token, privateRoom: privateRoom === true };
    },
    // Blocked or full storage: a reload just starts from the menu.
    save: (session) => writeItem(storage, STORAGE_KEY, JSON.stringify(session)),
    clear: () => writeItem(storage, STORAGE_KEY, null),
  };
}
