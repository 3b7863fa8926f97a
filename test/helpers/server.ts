import { matchMaker } from "@colyseus/core";
import { Client, type Room } from "@colyseus/sdk";
import { DEFAULT_CONFIG, type ServerConfig } from "../../server/config.ts";
import { createGameServer, type GameServer, type ServerParts } from "../../server/app.ts";
import { ROOM_NAME } from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";
import type { Rect } from "../../shared/sim/geometry.ts";
import type { ArenaRoom } from "../../server/rooms/ArenaRoom.ts";

/** An SDK room on the arena, typed with our state. */
export type ArenaClientRoom = Room<any, ArenaState>;

export interface TestServer {
  server: GameServer;
  port: number;
  httpUrl: string;
  wsUrl: string;
  client(): Client;
  join(options?: Record<string, unknown>): Promise<ArenaClientRoom>;
  close(): Promise<void>;
}

/** The bearer token that opens /metrics on test servers. */
export const TEST_METRICS_TOKEN = "test-metrics-token-0123456789";

/** Every test client comes from 127.0.0.1, so the per-address limits are off unless a test sets them. */
const TEST_CONFIG: ServerConfig = {
  ...DEFAULT_CONFIG, host: "127.0.0.1", maxConnectionsPerIp: 0, maxJoinsPerIpPerMinute: 0, metricsToken: TEST_METRICS_TOKEN,
};

/** Boots the real server in-process on a free loopback port. */
export async function startTestServer(overrides: Partial<ServerConfig> = {}, parts: ServerParts = {}): Promise<TestServer> {
  const server = createGameServer({ ...TEST_CONFIG, ...overrides }, parts);
  const port = await server.listen(0);
  const httpUrl = `http://127.0.0.1:${port}`;
  const rooms: Room[] = [];
  const t: TestServer = {
    server,
    port,
    httpUrl,
    wsUrl: `ws://127.0.0.1:${port}`,
    client: () => new Client(httpUrl),
    async join(options = {}) {
      const room: ArenaClientRoom = await t.client().joinOrCreate(ROOM_NAME, options, ArenaState);
      room.onMessage("*", () => {}); // tests listen for what they need; the rest is not an error
      rooms.push(room);
      return room;
    },
    async close() {
      await Promise.allSettled(rooms.map((r) => r.connection.isOpen && r.leave()));
      await server.close();
    },
  };
  return t;
}

/** The corner of a width × height area of open ground. */
export function openArea(obstacles: readonly Rect[], width: number, height: number): { x: number; y: number } {
  for (let x = 100; x + width < 2300; x += 50) {
    for (let y = 100; y + height < 2300; y += 50) {
      if (obstacles.every((o) => o.x > x + width || o.x + o.w < x || o.y > y + height || o.y + o.h < y)) return { x, y };
    }
  }
  throw new Error("no open area on this map");
}

/**
 * Puts the players 100 u apart in a row in open ground, through the server's room: each then
 * has the others in its view (a far player's position is not sent).
 */
export function placeTogether(roomId: string, sessionIds: readonly string[]): void {
  const room = matchMaker.getLocalRoomById(roomId) as ArenaRoom;
  const spot = openArea(room.game.map.obstacles, 100 * (sessionIds.length + 1), 200);
  sessionIds.forEach((id, i) => Object.assign(room.state.players.get(id)!, { x: spot.x + 100 * (i + 1), y: spot.y + 100 }));
}

/** Resolves when `predicate` holds after a state change, or rejects after `timeoutMs`. */
export function waitForState<S>(room: Room<any, S>, predicate: (state: S) => boolean, timeoutMs = 5000, what = "state"): Promise<S> {
  return new Promise((resolve, reject) => {
    if (room.state && predicate(room.state)) return resolve(room.state);
    const timer = setTimeout(() => { off(); reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)); }, timeoutMs);
    const handler = (state: S) => {
      if (predicate(state)) { clearTimeout(timer); off(); resolve(state); }
    };
    const off = () => room.onStateChange.remove(handler);
    room.onStateChange(handler);
  });
}

/** A metric from /metrics, by its full name including labels (`skirmish_clients_closed_total{reason="flood"}`). */
export async function readMetric(t: TestServer, name: string): Promise<number> {
  const text = await readMetricsText(t);
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  if (line === undefined) throw new Error(`no metric ${name}`);
  return Number(line.slice(name.length + 1));
}

/** The whole /metrics text of a test server. */
export async function readMetricsText(t: TestServer): Promise<string> {
  const response = await fetch(`${t.httpUrl}/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  return response.text();
}

/** Mutes the SDK's console.info narration (each reconnection attempt) for the calling suite. */
export function quietSdkNarration(): void {
  const info = console.info;
  before(() => { console.info = () => {}; });
  after(() => { console.info = info; });
}
