// SDK clients for tests of several processes: which process hosts a room, the lobby's live
// listing, patch arrival gaps, and waiting for a child's log line.
import { spawnSync } from "node:child_process";
import { Client, type Room } from "@colyseus/sdk";
import type { WebSocket } from "ws";
import { LOBBY_ROOM_NAME, ROOM_NAME } from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";
import type { ChildServer } from "./childServer.ts";
import type { ArenaClientRoom } from "./server.ts";

/** Quick play (or `create`, `joinById`) asked of `via`, whichever process hosts the room. */
export async function playVia(via: ChildServer, options: Record<string, unknown> = {}): Promise<ArenaClientRoom> {
  return quiet(await new Client(via.httpUrl).joinOrCreate(ROOM_NAME, options, ArenaState));
}

export async function createVia(via: ChildServer, options: Record<string, unknown> = {}): Promise<ArenaClientRoom> {
  return quiet(await new Client(via.httpUrl).create(ROOM_NAME, options, ArenaState));
}

export async function joinByIdVia(via: ChildServer, roomId: string, options: Record<string, unknown> = {}): Promise<ArenaClientRoom> {
  return quiet(await new Client(via.httpUrl).joinById(roomId, options, ArenaState));
}

function quiet(room: ArenaClientRoom): ArenaClientRoom {
  room.onMessage("*", () => {});
  return room;
}

function socketOf(room: Room): WebSocket {
  return (room.connection.transport as unknown as { ws: WebSocket }).ws;
}

/** The port of the process the room's WebSocket is connected to (its PUBLIC_ADDRESS). */
export function hostPort(room: Room): number {
  return Number(new URL(socketOf(room).url).port);
}

/** Cuts the client's socket the way a network failure does (no close handshake). */
export function dropSocket(room: Room): void {
  socketOf(room).terminate();
}

/** Which of `servers` hosts the room. */
export function hostOf(room: Room, servers: readonly ChildServer[]): ChildServer {
  const port = hostPort(room);
  const host = servers.find((s) => s.port === port);
  if (!host) throw new Error(`room ${room.roomId} is on port ${port}, none of ${servers.map((s) => s.port).join(", ")}`);
  return host;
}

/** A lobby listener: the public rooms it lists now, and a wait for the listing to satisfy a predicate. */
/** What a lobby lists about a room. */
export interface LobbyListing {
  roomId: string;
  processId?: string;
  clients?: number;
  metadata?: { mode?: string };
}

export interface LobbyWatch {
  room: Room;
  rooms: Map<string, LobbyListing>;
  /** Resolves with the time (performance.now()) the listing first satisfied `predicate`. */
  until(predicate: (rooms: LobbyWatch["rooms"]) => boolean, what: string, timeoutMs?: number): Promise<number>;
  leave(): Promise<void>;
}

export async function watchLobby(via: ChildServer): Promise<LobbyWatch> {
  const room = await new Client(via.httpUrl).joinOrCreate(LOBBY_ROOM_NAME);
  const rooms: LobbyWatch["rooms"] = new Map();
  const listeners = new Set<() => void>();
  const changed = () => { for (const listener of [...listeners]) listener(); };
  let listed = false;
  room.onMessage("rooms", (list: LobbyListing[]) => {
    rooms.clear();
    for (const r of list) rooms.set(r.roomId, r);
    listed = true;
    changed();
  });
  room.onMessage("+", ([roomId, data]: [string, LobbyListing]) => { rooms.set(roomId, data); changed(); });
  room.onMessage("-", (roomId: string) => { rooms.delete(roomId); changed(); });
  room.onMessage("*", () => {});
  const until: LobbyWatch["until"] = (predicate, what, timeoutMs = 5000) => new Promise((resolve, reject) => {
    const check = () => {
      if (!listed || !predicate(rooms)) return;
      done();
      resolve(performance.now());
    };
    const timer = setTimeout(() => { done(); reject(new Error(`lobby: timed out after ${timeoutMs} ms waiting for ${what} (lists ${[...rooms.keys()].join(", ") || "nothing"})`)); }, timeoutMs);
    const done = () => { clearTimeout(timer); listeners.delete(check); };
    listeners.add(check);
    check();
  });
  await until(() => true, "the first listing");
  return { room, rooms, until, leave: async () => { if (room.connection.isOpen) await room.leave(); } };
}

/** Records when each patch (state change) arrives, to measure the largest gap over a window. */
export interface PatchClock {
  /** The largest gap between consecutive patches that arrived between `from` and `to` (performance.now() times). */
  largestGap(from: number, to: number): number;
  count(from: number, to: number): number;
}

export function clockPatches(room: Room): PatchClock {
  const arrivals: number[] = [];
  room.onStateChange(() => { arrivals.push(performance.now()); });
  const within = (from: number, to: number) => arrivals.filter((t) => t >= from && t <= to);
  return {
    largestGap(from, to) {
      if (arrivals.length === 0 || arrivals[0] > from) throw new Error("the window starts before the first patch clocked");
      const times = within(from, to);
      // The window's edges count too: a stall that spans one shows as a gap.
      const points = [from, ...times, to];
      let largest = 0;
      for (let i = 1; i < points.length; i++) largest = Math.max(largest, points[i] - points[i - 1]);
      return largest;
    },
    count: (from, to) => within(from, to).length,
  };
}

/** Resolves with the first JSON log line of `child` (from `after` characters on) that matches, or rejects after `timeoutMs`. */
export function waitForLogLine(child: ChildServer, match: (line: Record<string, unknown>) => boolean, what: string, timeoutMs = 10_000, after = 0): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const scan = () => {
      for (const line of child.output().slice(after).split("\n")) {
        if (!line.startsWith("{")) continue;
        let parsed: Record<string, unknown>;
        try { parsed = JSON.parse(line); } catch { continue; }
        if (match(parsed)) return parsed;
      }
      return undefined;
    };
    const onData = () => {
      const found = scan();
      if (found) { done(); resolve(found); }
    };
    const timer = setTimeout(() => { done(); reject(new Error(`timed out after ${timeoutMs} ms waiting for log: ${what}`)); }, timeoutMs);
    const done = () => { clearTimeout(timer); child.child.stdout.off("data", onData); };
    child.child.stdout.on("data", onData);
    onData();
  });
}

/** The JSON log lines of a child, parsed (other lines skipped). */
export function logLines(child: ChildServer, after = 0): Record<string, unknown>[] {
  return child.output().slice(after).split("\n").filter((l) => l.startsWith("{")).flatMap((l) => {
    try { return [JSON.parse(l) as Record<string, unknown>]; } catch { return []; }
  });
}

/** Resolves once `room`'s connection has been dropped or closed, with the time. */
export function whenDropped(room: Room): Promise<number> {
  return new Promise((resolve) => {
    room.onDrop(() => resolve(performance.now()));
    room.onLeave(() => resolve(performance.now()));
  });
}

/**
 * Waits until Redis holds a room count of at least `rooms` for some process: Colyseus writes
 * each process's count at most once a second, and where the next room goes depends on it.
 */
export async function waitForPersistedRoomCount(redisPort: number, rooms: number, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const out = spawnSync("redis-cli", ["-p", String(redisPort), "HGETALL", "roomcount"], { encoding: "utf8" }).stdout ?? "";
    if (out.split("\n").some((line) => Number(line.split(",")[0]) >= rooms && line.includes(","))) return;
    if (performance.now() > deadline) throw new Error(`no process's room count reached ${rooms} in Redis: ${out}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
