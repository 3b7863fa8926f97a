// What the admin view shows: every room this process hosts with its clients and their game
// state, read from the live rooms; and, with Redis, the rooms other processes host, from
// the shared room directory (their players are only visible on their own process's view).
import { matchMaker, type Room } from "@colyseus/core";
import { PHASE_NAMES } from "../../shared/protocol.ts";
import { ArenaRoom } from "../rooms/ArenaRoom.ts";

/** A room directory entry (Colyseus's IRoomCache, which its index does not export). */
type RoomListing = Awaited<ReturnType<typeof matchMaker.query>>[number];

/** A player (arena rooms) or a connection (other rooms, such as the lobby). */
export interface AdminClient {
  sessionId: string;
  /** Whether a socket is open; false while an arena seat is held for a reconnection. */
  connected: boolean;
  name?: string;
  /** 0 in free-for-all; 1 or 2 in teams mode. */
  team?: number;
  score?: number;
  kills?: number;
  deaths?: number;
  hp?: number;
  alive?: boolean;
}

export interface AdminRoom {
  roomId: string;
  /** Room type: "arena" or "lobby". */
  name: string;
  processId: string;
  /** Open sockets (held seats not counted). */
  clients: number;
  maxClients: number;
  locked: boolean;
  private: boolean;
  createdAt: string | null;
  /** Arena rooms only. */
  mode?: string;
  phase?: string;
  matchNumber?: number;
  tick?: number;
  /** Arena: every player, held seats included; other rooms: the open connections. */
  players: AdminClient[];
}

/** A room of another process sharing the Redis directory: what the directory knows of it. */
export interface RemoteRoom {
  roomId: string;
  name: string;
  processId: string;
  publicAddress: string | null;
  clients: number;
  maxClients: number;
  locked: boolean;
  private: boolean;
  metadata: unknown;
}

export interface AdminSnapshot {
  processId: string;
  pid: number;
  uptimeSeconds: number;
  /** ISO time this snapshot was taken. */
  at: string;
  rooms: AdminRoom[];
  otherProcesses: RemoteRoom[];
}

export async function adminSnapshot(startedAtMs: number): Promise<AdminSnapshot> {
  const listed = await matchMaker.query({});
  const rooms: AdminRoom[] = [];
  const otherProcesses: RemoteRoom[] = [];
  for (const entry of listed) {
    const local = matchMaker.getLocalRoomById(entry.roomId);
    if (local) {
      rooms.push(describeRoom(local, entry));
    } else {
      otherProcesses.push({
        roomId: entry.roomId, name: entry.name, processId: entry.processId, publicAddress: entry.publicAddress ?? null,
        clients: entry.clients, maxClients: entry.maxClients, locked: entry.locked ?? false, private: entry.private ?? false,
        metadata: entry.metadata ?? null,
      });
    }
  }
  const byName = (a: { name: string; roomId: string }, b: { name: string; roomId: string }) => a.name.localeCompare(b.name) || a.roomId.localeCompare(b.roomId);
  rooms.sort(byName);
  otherProcesses.sort((a, b) => a.processId.localeCompare(b.processId) || byName(a, b));
  return {
    processId: matchMaker.processId,
    pid: process.pid,
    uptimeSeconds: Math.round((Date.now() - startedAtMs) / 1000),
    at: new Date().toISOString(),
    rooms,
    otherProcesses,
  };
}

function describeRoom(room: Room, entry: RoomListing): AdminRoom {
  const base = {
    roomId: room.roomId,
    name: room.roomName,
    processId: matchMaker.processId,
    clients: room.clients.length,
    maxClients: room.maxClients,
    locked: room.locked,
    private: entry.private ?? false,
    createdAt: entry.createdAt ? new Date(entry.createdAt).toISOString() : null,
  };
  if (room instanceof ArenaRoom && room.state) {
    const { state } = room;
    const players: AdminClient[] = [];
    for (const [sessionId, p] of state.players) {
      players.push({
        sessionId, connected: p.connected, name: p.name, team: p.team, score: p.score, kills: p.kills, deaths: p.deaths, hp: p.hp, alive: p.alive,
      });
    }
    players.sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.sessionId.localeCompare(b.sessionId));
    return { ...base, mode: state.mode, phase: PHASE_NAMES[state.phase] ?? String(state.phase), matchNumber: state.matchNumber, tick: state.tick, players };
  }
  return { ...base, players: room.clients.map((client) => ({ sessionId: client.sessionId, connected: true })) };
}
