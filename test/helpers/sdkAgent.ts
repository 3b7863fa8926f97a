// A Colyseus SDK client in its own process, driven over stdin/stdout, so that it can be given
// trust in a test certificate the proper way (NODE_EXTRA_CA_CERTS, read by Node at start for
// fetch and ws alike) rather than switching certificate checks off in the test process. The
// SDK offers no option to pass a `ca` to its WebSocket, and Node 20 cannot add a CA at run time.
//
// Requests, one JSON object a line on stdin: { id, op, ...args }. Answers on stdout, one a line:
// "@@" + { id, ok: true, result } or { id, ok: false, error, code }. Anything else the SDK
// prints goes to stderr. See startSdkAgent in proxy.ts for the driving side.
import "./setup.ts";
import { createInterface } from "node:readline";
import { Client, type Room } from "@colyseus/sdk";
import type { WebSocket } from "ws";
import { ArenaState } from "../../shared/schema.ts";

const log = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(" ")}\n`);
console.log = log;
console.info = log;
console.warn = log;

const rooms = new Map<string, Room<any, ArenaState>>();

export interface AgentRoomInfo {
  handle: string;
  roomId: string;
  sessionId: string;
  reconnectionToken: string;
  /** The WebSocket URL the SDK connected to. */
  url: string;
}

function info(room: Room<any, ArenaState>): AgentRoomInfo {
  return {
    handle: room.sessionId,
    roomId: room.roomId,
    sessionId: room.sessionId,
    reconnectionToken: room.reconnectionToken,
    url: String((room.connection as unknown as { url?: string }).url ?? ""),
  };
}

function keep(room: Room<any, ArenaState>): AgentRoomInfo {
  room.onMessage("*", () => {});
  rooms.set(room.sessionId, room);
  return info(room);
}

function roomOf(handle: string): Room<any, ArenaState> {
  const room = rooms.get(handle);
  if (!room) throw new Error(`no room ${handle}`);
  return room;
}

const socketOf = (room: Room) => (room.connection.transport as unknown as { ws: WebSocket }).ws;

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}

type Request = { id: number; op: string; [key: string]: any };

const ops: Record<string, (r: Request) => Promise<unknown>> = {
  /** method: joinOrCreate | create | join | joinById; target: room name or id. */
  async join({ endpoint, method, target, options }) {
    const client = new Client(endpoint);
    const join = client[method as "joinOrCreate"].bind(client) as (t: string, o: unknown, s: typeof ArenaState) => Promise<Room<any, ArenaState>>;
    return keep(await join(target, options ?? {}, ArenaState));
  },
  /** Waits until the room's state lists `count` connected players; returns their names. */
  async players({ handle, count, timeoutMs = 10_000 }) {
    const room = roomOf(handle);
    const connected = () => [...room.state.players.values()].filter((p) => p.connected);
    await within(timeoutMs, `${count} connected players in ${room.roomId}`, new Promise<void>((resolve) => {
      const check = () => {
        if (room.state && connected().length === count) { room.onStateChange.remove(check); resolve(); }
      };
      room.onStateChange(check);
      check();
    }));
    return connected().map((p) => p.name).sort();
  },
  /** Cuts the socket like a network failure and waits for the SDK to reconnect by itself. */
  async drop({ handle, timeoutMs = 10_000 }) {
    const room = roomOf(handle);
    room.reconnection.minUptime = 0;
    room.reconnection.minDelay = 100;
    const back = new Promise<void>((resolve) => room.onReconnect(() => resolve()));
    socketOf(room).terminate();
    await within(timeoutMs, "the automatic reconnection", back);
    return info(room);
  },
  /** Cuts the socket without reconnecting (the seat stays held); returns the reconnection token. */
  async abandon({ handle }) {
    const room = roomOf(handle);
    room.reconnection.enabled = false;
    const token = room.reconnectionToken;
    socketOf(room).terminate();
    rooms.delete(handle);
    return { reconnectionToken: token };
  },
  async reconnect({ endpoint, token }) {
    return keep(await new Client(endpoint).reconnect(token, ArenaState));
  },
  async leave({ handle }) {
    const room = rooms.get(handle);
    rooms.delete(handle);
    if (room?.connection.isOpen) await room.leave();
    return null;
  },
};

const answer = (message: object) => process.stdout.write(`@@${JSON.stringify(message)}\n`);

createInterface({ input: process.stdin }).on("line", (line) => {
  if (!line.trim()) return;
  const request = JSON.parse(line) as Request;
  const op = ops[request.op];
  if (!op) return answer({ id: request.id, ok: false, error: `unknown op ${request.op}` });
  op(request).then(
    (result) => answer({ id: request.id, ok: true, result }),
    (error: unknown) => answer({
      id: request.id, ok: false,
      error: error instanceof Error ? error.message : String(error),
      code: (error as { code?: unknown })?.code,
    }),
  );
}).on("close", () => {
  for (const room of rooms.values()) room.connection.close();
  process.exit(0);
});
answer({ id: 0, ok: true, result: "ready" });
