// A read-only window into the running client for browser tests and outside tools: who we
// are, whether we are connected, a plain copy of the state, where each player was drawn in
// the latest frame, and the network panel's numbers. It exposes nothing a player cannot see.
import type { ArenaConnection } from "./net/connection.ts";
import type { NetReadout } from "./net/NetStats.ts";
import { snapshotState, type StateSnapshot } from "./view/snapshot.ts";

/** Where each player on screen was drawn in the latest rendered frame (world units), and when (`performance.now()`). */
export interface DrawnFrame {
  players: Record<string, { x: number; y: number }>;
  at: number;
}

export interface SkirmishTestHook {
  readonly sessionId: string | null;
  readonly roomId: string | null;
  readonly connected: boolean;
  state(): StateSnapshot | null;
  /** The latest rendered frame's player positions; null before the first frame of a match. */
  drawn(): DrawnFrame | null;
  /** The network panel's numbers; null outside a match. */
  net(): NetReadout | null;
}

declare global {
  interface Window {
    __skirmish?: SkirmishTestHook;
  }
}

type DrawnSprites = ReadonlyMap<string, { readonly visible: boolean; readonly shown: { readonly x: number; readonly y: number } }>;

let current: ArenaConnection | null = null;
/** The sprites of the latest frame: read only when asked, so a frame pays nothing for the hook. */
let lastFrame: { sprites: DrawnSprites; at: number } | null = null;

export function installTestHook(target: Window): void {
  const hook: SkirmishTestHook = Object.freeze({
    get sessionId() { return current?.sessionId ?? null; },
    get roomId() { return current?.roomId ?? null; },
    get connected() { return current !== null && current.synced && current.status === "connected"; },
    state: () => (current?.synced ? snapshotState(current.state) : null),
    drawn: () => (lastFrame ? drawnFrame(lastFrame.sprites, lastFrame.at) : null),
    net: () => current?.view.readout(performance.now()) ?? null,
  });
  Object.defineProperty(target, "__skirmish", { value: hook, configurable: false, writable: false });
}

/** The connection the hook reports on; null when back in the menu. */
export function exposeConnection(connection: ArenaConnection | null): void {
  current = connection;
  lastFrame = null;
}

/** Called once per rendered frame with the sprites it drew. */
export function recordDrawnFrame(sprites: DrawnSprites, at: number): void {
  if (lastFrame?.sprites === sprites) lastFrame.at = at;
  else lastFrame = { sprites, at };
}

function drawnFrame(sprites: DrawnSprites, at: number): DrawnFrame {
  const players: DrawnFrame["players"] = {};
  for (const [id, sprite] of sprites) if (sprite.visible) players[id] = { x: sprite.shown.x, y: sprite.shown.y };
  return { players, at };
}
