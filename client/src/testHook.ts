// A read-only window into the running client for browser tests: who we are, whether we
// are connected, and a plain copy of the state. It exposes nothing a player cannot see.
import type { ArenaConnection } from "./net/connection.ts";
import { snapshotState, type StateSnapshot } from "./view/snapshot.ts";

export interface SkirmishTestHook {
  readonly sessionId: string | null;
  readonly roomId: string | null;
  readonly connected: boolean;
  state(): StateSnapshot | null;
}

declare global {
  interface Window {
    __skirmish?: SkirmishTestHook;
  }
}

let current: ArenaConnection | null = null;

export function installTestHook(target: Window): void {
  const hook: SkirmishTestHook = Object.freeze({
    get sessionId() { return current?.sessionId ?? null; },
    get roomId() { return current?.roomId ?? null; },
    get connected() { return current !== null && current.synced && current.status === "connected"; },
    state: () => (current?.synced ? snapshotState(current.state) : null),
  });
  Object.defineProperty(target, "__skirmish", { value: hook, configurable: false, writable: false });
}

/** The connection the hook reports on; null when back in the menu. */
export function exposeConnection(connection: ArenaConnection | null): void {
  current = connection;
}
