// One public room as the lobby lists it, decoded from what the lobby room sends.
import { GAME_MODES, PHASE_NAMES, ROOM_NAME, type GameMode } from "../../../shared/protocol.ts";

export type PhaseName = (typeof PHASE_NAMES)[number];

export interface RoomListing {
  roomId: string;
  clients: number;
  maxClients: number;
  /** Full, or showing results: quick play and joinById both refuse it. */
  locked: boolean;
  mode: GameMode;
  phase: PhaseName;
  /** Wall-clock time (ms since the epoch) the current phase ends. */
  phaseEndsAt: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;

/** A listing the menu can show, or null for anything else (another room type, a private room, junk). */
export function decodeRoomListing(raw: unknown): RoomListing | null {
  if (!isRecord(raw) || !isRecord(raw.metadata)) return null;
  const { roomId, name, clients, maxClients, locked, metadata } = raw;
  if (typeof roomId !== "string" || !roomId || name !== ROOM_NAME || raw.private === true) return null;
  if (!isCount(clients) || !isCount(maxClients)) return null;
  const { mode, phase, phaseEndsAt } = metadata;
  if (!GAME_MODES.includes(mode as GameMode) || !PHASE_NAMES.includes(phase as PhaseName)) return null;
  if (typeof phaseEndsAt !== "number" || !Number.isFinite(phaseEndsAt)) return null;
  return {
    roomId, clients, maxClients, locked: locked === true,
    mode: mode as GameMode, phase: phase as PhaseName, phaseEndsAt,
  };
}
