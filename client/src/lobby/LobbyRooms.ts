// The menu's live list of open public rooms, kept from the lobby's "rooms", "+" and "-" messages.
import type { GameMode } from "../../../shared/protocol.ts";
import { formatClock } from "../view/format.ts";
import { decodeRoomListing, type PhaseName, type RoomListing } from "./roomListing.ts";

/** One row of the list, ready to show. */
export interface LobbyRow {
  roomId: string;
  mode: GameMode;
  modeLabel: string;
  /** "3/32" */
  players: string;
  phaseLabel: string;
  /** "2:05" until the phase ends. */
  timeLeft: string;
  joinable: boolean;
  /** Why a locked room cannot be joined, shown in place of the Join button. */
  lockedLabel: string;
}

const MODE_LABELS: Record<GameMode, string> = { ffa: "Free-for-all", teams: "Teams" };
const PHASE_LABELS: Record<PhaseName, string> = {
  waiting: "Warm-up",
  countdown: "Starting",
  playing: "In play",
  results: "Results",
};

/** Time left until `endsAt`, rounded up to whole seconds so it never reads 0:00 early. */
export function formatTimeLeft(endsAt: number, now: number): string {
  return formatClock(Math.ceil((endsAt - now) / 1000));
}

export class LobbyRooms {
  private readonly rooms = new Map<string, RoomListing>();

  get size(): number {
    return this.rooms.size;
  }

  /** "rooms": the whole list, sent on joining the lobby. */
  replaceAll(payload: unknown): void {
    this.rooms.clear();
    if (!Array.isArray(payload)) return;
    for (const raw of payload) {
      const listing = decodeRoomListing(raw);
      if (listing) this.rooms.set(listing.roomId, listing);
    }
  }

  /** "+": [roomId, listing], a room opened or changed. A listing that no longer qualifies removes it. */
  upsert(payload: unknown): void {
    if (!Array.isArray(payload) || typeof payload[0] !== "string") return;
    const listing = decodeRoomListing(payload[1]);
    if (listing && listing.roomId === payload[0]) this.rooms.set(listing.roomId, listing);
    else this.rooms.delete(payload[0]);
  }

  /** "-": roomId, a room is gone. */
  remove(payload: unknown): void {
    if (typeof payload === "string") this.rooms.delete(payload);
  }

  clear(): void {
    this.rooms.clear();
  }

  /** Joinable rooms first, fuller rooms before emptier ones (as quick play picks), then by id so rows hold still. */
  rows(now: number): LobbyRow[] {
    const joinable = (r: RoomListing) => !r.locked && r.clients < r.maxClients;
    return [...this.rooms.values()]
      .sort((a, b) =>
        Number(joinable(b)) - Number(joinable(a)) || b.clients - a.clients ||
        (a.roomId < b.roomId ? -1 : a.roomId > b.roomId ? 1 : 0))
      .map((r) => ({
        roomId: r.roomId,
        mode: r.mode,
        modeLabel: MODE_LABELS[r.mode],
        players: `${r.clients}/${r.maxClients}`,
        phaseLabel: PHASE_LABELS[r.phase],
        timeLeft: formatTimeLeft(r.phaseEndsAt, now),
        joinable: joinable(r),
        lockedLabel: joinable(r) ? "" : r.clients >= r.maxClients ? "Full" : "Ending",
      }));
  }
}
