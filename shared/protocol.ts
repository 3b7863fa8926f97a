// Everything both ends must agree on about the conversation: room name, join options,
// message ids, close codes, and one decode-and-validate function per message that
// crosses a trust boundary. Rejection is a value ({ ok: false, error }), never a throw.
import { CHAT_MAX_LENGTH, NAME_MAX_LENGTH, PRIVATE_CODE_ALPHABET, PRIVATE_CODE_LENGTH, TICK_HZ, VIEW_TICK_SCALE } from "./constants.ts";
import { ALL_BUTTONS, type InputLike } from "./sim/types.ts";

export const ROOM_NAME = "arena";
/** The realtime listing of open public rooms (Colyseus LobbyRoom: messages "rooms", "+", "-"). */
export const LOBBY_ROOM_NAME = "lobby";

export const MatchPhase = { WAITING: 0, COUNTDOWN: 1, PLAYING: 2, RESULTS: 3 } as const;
export type MatchPhase = (typeof MatchPhase)[keyof typeof MatchPhase];
export const PHASE_NAMES = ["waiting", "countdown", "playing", "results"] as const;

export const PickupKind = { HEALTH: 0, RAPID_FIRE: 1, SHIELD: 2 } as const;
export type PickupKind = (typeof PickupKind)[keyof typeof PickupKind];

export const GAME_MODES = ["ffa", "teams"] as const;
export type GameMode = (typeof GAME_MODES)[number];

/** Message ids for room.send()/onMessage; payloads are msgpack (Colyseus ROOM_DATA). */
export const MessageType = {
  /**
   * client → server: { t: number }, answered at once with { t, tick }: the same t and the
   * server's current tick (fractional). The round trip is the real ping; with the tick it
   * is one clock-sync sample.
   */
  ECHO: 1,
  /** client → server: { text: string }, a chat line to the room. */
  CHAT: 2,
  /** server → client: { killer: string, victim: string } (session ids), a kill happened. */
  KILL: 10,
  /** server → client: ChatLine, a player's line or a system line (joins, leaves). */
  CHAT_LINE: 11,
  /** server → client: ChatRejected, the sender's own line was not sent. */
  CHAT_REJECTED: 12,
  /** server → the shooter only: HitMessage, one of its shots landed. */
  HIT: 13,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Close codes this server uses, beyond Colyseus's own (4000 consented, 4001 shutdown, 4002 error). */
export const CloseCode = {
  /** Colyseus's code when the server shuts down: clients go back to the menu with a notice. */
  SERVER_SHUTDOWN: 4001,
  /** Too many unknown, malformed or out-of-phase messages. */
  PROTOCOL_VIOLATION: 4400,
  /** The client stopped reading: more than the server's send-buffer limit was waiting for it. */
  SLOW_CONSUMER: 4408,
  /** The client kept sending faster than its message budget after excess messages were dropped. */
  FLOODING: 4429,
  /** The room hit an internal error it could not recover from and closed; other rooms are fine. */
  ROOM_ERROR: 4500,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Unknown or invalid messages a client may send before it is disconnected. */
export const MAX_PROTOCOL_VIOLATIONS = 20;

export type Result<T, E extends string = string> = { ok: true; value: T } | { ok: false; error: E };
const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
const fail = <E extends string>(error: E): Result<never, E> => ({ ok: false, error });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

// ── Input frames ───────────────────────────────────────────────────────────

const toAxis = (v: number) => (v > 0 ? 1 : v < 0 ? -1 : 0); // NaN → 0

/** An angle in [-π, π]: unchanged when it is already there, so an honest aim is used exactly as sent. */
const wrapAngle = (a: number) => (Math.abs(a) <= Math.PI ? a : Math.atan2(Math.sin(a), Math.cos(a)));

/**
 * Makes any decoded input frame legal in place: axes to -1/0/1, aim to a finite angle
 * in [-π, π], unknown button bits cleared. Returns false when the frame as sent was
 * not one an honest client produces (the room counts those). Idempotent.
 */
export function sanitizeInput(frame: InputLike): boolean {
  const { mx, my, aim, buttons } = frame;
  frame.mx = toAxis(mx);
  frame.my = toAxis(my);
  frame.aim = Number.isFinite(aim) ? wrapAngle(aim) : 0;
  frame.buttons = buttons & ALL_BUTTONS;
  return frame.mx === mx && frame.my === my && Number.isFinite(aim) && Math.abs(aim) <= 4 && frame.buttons === buttons;
}

// ── Join options ───────────────────────────────────────────────────────────

export interface JoinOptions {
  name: string;
  mode: GameMode;
  /** Create a private room, joined only by its code (with client.create). */
  private: boolean;
}

// Control, format (zero-width, bidi overrides), separator, unassigned and default-ignorable
// characters (Hangul fillers, variation selectors), and the blank Braille pattern: all render
// as nothing, so a name made of them would be invisible.
const INVISIBLE = /[\p{C}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800]/gu;
/** Combining marks kept per character; more only stack into text that covers its neighbours. */
const MAX_COMBINING_MARKS = 3;
const MARK_PILE = new RegExp(`(\\p{M}{${MAX_COMBINING_MARKS}})\\p{M}+`, "gu");

/** Printable characters only, whitespace runs collapsed, trimmed, at most `maxLength` characters (code points). */
function printableText(raw: string, maxLength: number): string {
  const printable = raw.replace(INVISIBLE, "").replace(MARK_PILE, "$1").replace(/\s+/gu, " ").trim();
  return Array.from(printable).slice(0, maxLength).join("").trim();
}

/** A display name as shown to everyone; "" when nothing printable is left. */
export const sanitizeName = (raw: string) => printableText(raw, NAME_MAX_LENGTH);

export type JoinOptionsError = "options_not_object" | "bad_name" | "bad_mode" | "bad_private";

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
  const isPrivate = raw.private ?? false;
  if (typeof isPrivate !== "boolean") return fail("bad_private");
  return ok({ name: name || "Player", mode: mode as GameMode, private: isPrivate });
}

// ── Private room codes ─────────────────────────────────────────────────────

/** Normalizes what a player typed as a room code; null when it cannot be one. */
export function normalizeRoomCode(typed: string): string | null {
  const code = typed.trim().toUpperCase();
  if (code.length !== PRIVATE_CODE_LENGTH) return null;
  for (const ch of code) if (!PRIVATE_CODE_ALPHABET.includes(ch)) return null;
  return code;
}

/** A fresh room code from a source of uniform [0, 1) numbers. */
export function makeRoomCode(random: () => number): string {
  let code = "";
  for (let i = 0; i < PRIVATE_CODE_LENGTH; i++) code += PRIVATE_CODE_ALPHABET[Math.floor(random() * PRIVATE_CODE_ALPHABET.length)];
  return code;
}

// ── Messages ───────────────────────────────────────────────────────────────

export interface EchoMessage { t: number }

export function decodeEcho(raw: unknown): Result<EchoMessage, "bad_echo"> {
  if (!isRecord(raw) || typeof raw.t !== "number" || !Number.isFinite(raw.t)) return fail("bad_echo");
  return ok({ t: raw.t });
}

/** The server's answer to an ECHO: the client's t, and the server's tick (fractional) when it answered. */
export interface EchoReply { t: number; tick: number }

export function decodeEchoReply(raw: unknown): Result<EchoReply, "bad_echo_reply"> {
  if (!isRecord(raw) || typeof raw.t !== "number" || !Number.isFinite(raw.t)) return fail("bad_echo_reply");
  if (typeof raw.tick !== "number" || !Number.isFinite(raw.tick) || raw.tick < 0) return fail("bad_echo_reply");
  return ok({ t: raw.t, tick: raw.tick });
}

// ── Patch ticks ────────────────────────────────────────────────────────────

/**
 * Whether the state goes out after `tick`: `patchRateHz` evenly spread over TICK_HZ ticks
 * (20 Hz sends after two ticks of every three). Clients receive exactly these ticks' states,
 * so the server can judge a shot against the same snapshots its shooter drew from.
 */
export const isPatchTick = (tick: number, patchRateHz: number) =>
  Math.floor((tick * patchRateHz) / TICK_HZ) !== Math.floor(((tick - 1) * patchRateHz) / TICK_HZ);

// ── View ticks (lag compensation) ──────────────────────────────────────────

const VIEW_WRAP = 0x10000;

/**
 * The InputFrame `view` value for a client drawing other players at `renderTick`
 * (fractional): 1/8 ticks mod 2^16, never 0 (0 claims no view).
 */
export function encodeViewTick(renderTick: number): number {
  if (!Number.isFinite(renderTick) || renderTick <= 0) return 0;
  return Math.round(renderTick * VIEW_TICK_SCALE) % VIEW_WRAP || 1;
}

/**
 * The tick an InputFrame `view` value stands for, taken as the one nearest `nearTick`
 * (the 16-bit wrap spans 4.5 minutes of ticks); null when the frame claims no view.
 */
export function decodeViewTick(view: number, nearTick: number): number | null {
  if (!Number.isInteger(view) || view <= 0 || view >= VIEW_WRAP) return null;
  const near = Math.round(nearTick * VIEW_TICK_SCALE);
  let delta = (view - (near % VIEW_WRAP) + VIEW_WRAP) % VIEW_WRAP;
  if (delta >= VIEW_WRAP / 2) delta -= VIEW_WRAP;
  return (near + delta) / VIEW_TICK_SCALE;
}

export interface ChatMessage { text: string }

/** A chat line as everyone will read it; "" when nothing printable is left. */
export const sanitizeChatText = (raw: string) => printableText(raw, CHAT_MAX_LENGTH);

/** Texts longer than this are not chat: a violation, not a line to cut. */
const CHAT_WIRE_MAX = 1024;

export function decodeChat(raw: unknown): Result<ChatMessage, "bad_chat" | "empty_chat"> {
  if (!isRecord(raw) || typeof raw.text !== "string" || raw.text.length > CHAT_WIRE_MAX) return fail("bad_chat");
  const text = sanitizeChatText(raw.text);
  return text ? ok({ text }) : fail("empty_chat");
}

/** A line in the room's chat. System lines come only from the server; players cannot send one. */
export type ChatLine =
  | { kind: "player"; from: string; name: string; team: number; text: string }
  | { kind: "system"; text: string };

export function decodeChatLine(raw: unknown): Result<ChatLine, "bad_chat_line"> {
  if (!isRecord(raw) || typeof raw.text !== "string") return fail("bad_chat_line");
  if (raw.kind === "system") return ok({ kind: "system", text: raw.text });
  if (raw.kind === "player" && typeof raw.from === "string" && typeof raw.name === "string" && typeof raw.team === "number") {
    return ok({ kind: "player", from: raw.from, name: raw.name, team: raw.team, text: raw.text });
  }
  return fail("bad_chat_line");
}

export interface ChatRejected { reason: "rate_limited"; retryInMs: number }

export function decodeChatRejected(raw: unknown): Result<ChatRejected, "bad_chat_rejected"> {
  if (!isRecord(raw) || raw.reason !== "rate_limited" || typeof raw.retryInMs !== "number") return fail("bad_chat_rejected");
  return ok({ reason: "rate_limited", retryInMs: raw.retryInMs });
}

/**
 * A shot that landed, told to its shooter. `shot` is the shooter's input number that fired it
 * (mod 2^16, as ProjectileState.shot), so the shooter's client knows which of its predicted
 * shots it was; `damage` is 0 on a spawn-protected target.
 */
export interface HitMessage { attacker: string; victim: string; damage: number; shot: number }

export function decodeHit(raw: unknown): Result<HitMessage, "bad_hit"> {
  if (!isRecord(raw) || typeof raw.attacker !== "string" || typeof raw.victim !== "string") return fail("bad_hit");
  const { damage, shot } = raw;
  if (typeof damage !== "number" || !Number.isFinite(damage) || typeof shot !== "number" || !Number.isInteger(shot)) return fail("bad_hit");
  return ok({ attacker: raw.attacker, victim: raw.victim, damage, shot });
}

export interface KillMessage { killer: string; victim: string }

export function decodeKill(raw: unknown): Result<KillMessage, "bad_kill"> {
  if (!isRecord(raw) || typeof raw.killer !== "string" || typeof raw.victim !== "string") return fail("bad_kill");
  return ok({ killer: raw.killer, victim: raw.victim });
}
