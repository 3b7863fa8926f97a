// Everything both ends must agree on about the conversation: room name, join options,
// message ids, close codes, and one decode-and-validate function per message that
// crosses a trust boundary. Rejection is a value ({ ok: false, error }), never a throw.
import { NAME_MAX_LENGTH } from "./constants.ts";
import { ALL_BUTTONS, type InputLike } from "./sim/types.ts";

export const ROOM_NAME = "arena";

export const MatchPhase = { WAITING: 0, COUNTDOWN: 1, PLAYING: 2, RESULTS: 3 } as const;
export type MatchPhase = (typeof MatchPhase)[keyof typeof MatchPhase];
export const PHASE_NAMES = ["waiting", "countdown", "playing", "results"] as const;

export const PickupKind = { HEALTH: 0, RAPID_FIRE: 1, SHIELD: 2 } as const;
export type PickupKind = (typeof PickupKind)[keyof typeof PickupKind];

export const GAME_MODES = ["ffa", "teams"] as const;
export type GameMode = (typeof GAME_MODES)[number];

/** Message ids for room.send()/onMessage; payloads are msgpack (Colyseus ROOM_DATA). */
export const MessageType = {
  /** client → server, answered with the same payload: { t: number }. Application-level RTT probe. */
  ECHO: 1,
  /** server → client: { killer: string, victim: string } (session ids), a kill happened. */
  KILL: 10,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Close codes this server uses, beyond Colyseus's own (4000 consented, 4001 shutdown, 4002 error). */
export const CloseCode = {
  /** Too many unknown or malformed messages. */
  PROTOCOL_VIOLATION: 4400,
} as const;

/** Unknown or invalid messages a client may send before it is disconnected. */
export const MAX_PROTOCOL_VIOLATIONS = 20;

export type Result<T, E extends string = string> = { ok: true; value: T } | { ok: false; error: E };
const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
const fail = <E extends string>(error: E): Result<never, E> => ({ ok: false, error });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

// ── Input frames ───────────────────────────────────────────────────────────

const toAxis = (v: number) => (v > 0 ? 1 : v < 0 ? -1 : 0); // NaN → 0

/**
 * Makes any decoded input frame legal in place: axes to -1/0/1, aim to a finite angle
 * in [-π, π], unknown button bits cleared. Returns false when the frame as sent was
 * not one an honest client produces (the room counts those).
 */
export function sanitizeInput(frame: InputLike): boolean {
  const { mx, my, aim, buttons } = frame;
  frame.mx = toAxis(mx);
  frame.my = toAxis(my);
  frame.aim = Number.isFinite(aim) ? Math.atan2(Math.sin(aim), Math.cos(aim)) : 0;
  frame.buttons = buttons & ALL_BUTTONS;
  return frame.mx === mx && frame.my === my && Number.isFinite(aim) && Math.abs(aim) <= 4 && frame.buttons === buttons;
}

// ── Join options ───────────────────────────────────────────────────────────

export interface JoinOptions {
  name: string;
  mode: GameMode;
}

// Control, format (zero-width, bidi overrides), separator and unassigned characters.
const INVISIBLE = /[\p{C}\p{Zl}\p{Zp}]/gu;

/** Printable, trimmed, at most NAME_MAX_LENGTH characters; "" when nothing is left. */
export function sanitizeName(raw: string): string {
  const printable = raw.replace(INVISIBLE, "").replace(/\s+/gu, " ").trim();
  return Array.from(printable).slice(0, NAME_MAX_LENGTH).join("").trim();
}

export type JoinOptionsError = "options_not_object" | "bad_name" | "bad_mode";

export function decodeJoinOptions(raw: unknown): Result<JoinOptions, JoinOptionsError> {
  if (raw === undefined || raw === null) raw = {};
  if (!isRecord(raw)) return fail("options_not_object");
  let name = "";
  if (raw.name !== undefined) {
    if (typeof raw.name !== "string" || raw.name.length > 256) return fail("bad_name");
    name = sanitizeName(raw.name);
  }
  const mode = raw.mode ?? "ffa";
  if (!GAME_MODES.includes(mode as GameMode)) return fail("bad_mode");
  return ok({ name: name || "Player", mode: mode as GameMode });
}

// ── Messages ───────────────────────────────────────────────────────────────

export interface EchoMessage { t: number }

export function decodeEcho(raw: unknown): Result<EchoMessage, "bad_echo"> {
  if (!isRecord(raw) || typeof raw.t !== "number" || !Number.isFinite(raw.t)) return fail("bad_echo");
  return ok({ t: raw.t });
}

export interface KillMessage { killer: string; victim: string }

export function decodeKill(raw: unknown): Result<KillMessage, "bad_kill"> {
  if (!isRecord(raw) || typeof raw.killer !== "string" || typeof raw.victim !== "string") return fail("bad_kill");
  return ok({ killer: raw.killer, victim: raw.victim });
}
