// The state and input schemas: the one definition server and client both decode with.
// Positions and angles are quantized here with the same ranges shared/sim/quantize.ts
// snaps to, so what the server holds in memory is exactly what the wire carries.
import { schema, t, type SchemaType } from "@colyseus/schema";
import {
  AIM_BITS, HEADING_BITS, MAX_ARENA_SIZE_U, PLAYER_MAX_HP, POSITION_BITS, RADAR_BITS,
} from "./constants.ts";

/** A coordinate in any arena (they are squares of at most MAX_ARENA_SIZE_U). */
const coordinate = () => t.quantized({ min: 0, max: MAX_ARENA_SIZE_U, bits: POSITION_BITS }).default(0);

/** View tag for fields only the owning client receives (its own timers and ack). Shots are not state: SHOTS messages. */
export const OWNER_VIEW = 1;
/**
 * View tag for a player's body (position, aim, health): a client receives them only while the
 * player is within its view area (server/game/interest.ts); elsewhere they read `undefined`.
 */
export const NEAR_VIEW = 2;
/** Whether a client was sent this player's body (its NEAR_VIEW fields): a far player's read `undefined`. */
export const hasBody = (p: { x?: number; y?: number }) => p.x !== undefined && p.y !== undefined;
/** View tag for a team-mate's coarse position: every client receives its far team-mates' (minimap). */
export const RADAR_VIEW = 4;

export const PlayerState = schema({
  name: t.string().default(""),
  /** The player's number in the room (1–255, unique while it stays): projectiles name their owner by it. */
  slot: t.uint8().default(0),
  x: coordinate().view(NEAR_VIEW),
  y: coordinate().view(NEAR_VIEW),
  aim: t.angle({ bits: AIM_BITS }).default(0).view(NEAR_VIEW),
  hp: t.uint8().default(PLAYER_MAX_HP).view(NEAR_VIEW),
  shield: t.uint8().default(0).view(NEAR_VIEW),
  /** Coarse position (RADAR_BITS over the arena), refreshed RADAR_HZ times a second, for team-mates out of view. */
  radarX: t.quantized({ min: 0, max: MAX_ARENA_SIZE_U, bits: RADAR_BITS }).default(0).view(RADAR_VIEW),
  radarY: t.quantized({ min: 0, max: MAX_ARENA_SIZE_U, bits: RADAR_BITS }).default(0).view(RADAR_VIEW),
  alive: t.boolean().default(false),
  /** 0 in free-for-all; 1 or 2 in teams mode. */
  team: t.uint8().default(0),
  score: t.uint16().default(0),
  kills: t.uint16().default(0),
  deaths: t.uint16().default(0),
  /** Tick until which a fresh spawn cannot be hurt. */
  protectedUntil: t.uint32().default(0).view(NEAR_VIEW),
  /** False while the seat is held for a dropped connection. */
  connected: t.boolean().default(true),
  // Owner-only: what the client needs to predict its own player exactly.
  /** Number of this client's input frames the server has taken (the reconciliation ack). */
  ack: t.uint32().default(0).view(OWNER_VIEW),
  /** Tick at which the dead owner comes back. */
  respawnTick: t.uint32().default(0).view(OWNER_VIEW),
  dashTicks: t.uint8().default(0).view(OWNER_VIEW),
  dashCooldown: t.uint8().default(0).view(OWNER_VIEW),
  fireCooldown: t.uint8().default(0).view(OWNER_VIEW),
  rapidFireTicks: t.uint16().default(0).view(OWNER_VIEW),
  /** The owner's input number (mod 2^16) of the latest shot the server fired: a predicted shot it did not fire is taken back. */
  lastShot: t.uint16().default(0).view(OWNER_VIEW),
}, "PlayerState");
export type PlayerState = SchemaType<typeof PlayerState>;

export const PickupState = schema({
  kind: t.uint8().default(0),
  x: coordinate(),
  y: coordinate(),
  active: t.boolean().default(true),
}, "PickupState");
export type PickupState = SchemaType<typeof PickupState>;

export const ArenaState = schema({
  /** Obstacles, spawn points and pickup spots are generated from this seed on both sides (shared/sim/map.ts). */
  mapSeed: t.uint32().default(0),
  /** The arena's side in world units (it grows with the room's seats: arenaSizeFor). */
  arenaSize: t.uint16().default(0),
  mode: t.string().default("ffa"),
  /** A MatchPhase value (shared/protocol.ts). */
  phase: t.uint8().default(0),
  /** Server simulation step counter; every time in the state is a tick. */
  tick: t.uint32().default(0),
  /** Tick at which the current phase ends (0: open-ended). */
  phaseEndsTick: t.uint32().default(0),
  /** Match number in this room, starting at 1. */
  matchNumber: t.uint16().default(0),
  /** Kills per team in teams mode: index 0 is team 1, index 1 team 2 (empty in free-for-all). */
  teamScores: t.array("uint16"),
  // The winner, set by the server as a match ends (results phase), cleared when the next warm-up starts.
  /** Free-for-all winner's session id; "" in teams mode, on a tie for first, or outside the results. */
  winnerId: t.string().default(""),
  /** The free-for-all winner's name as the match ended (kept if they leave during the results). */
  winnerName: t.string().default(""),
  /** Teams mode: the winning team (1 or 2); 0 on a draw, in free-for-all, or outside the results. */
  winnerTeam: t.uint8().default(0),
  players: t.map(PlayerState),
  pickups: t.array(PickupState),
}, "ArenaState");
export type ArenaState = SchemaType<typeof ArenaState>;
