// Everything both ends must agree on about the conversation: room name, join options,
// message ids, close codes, and one decode-and-validate function per message that
// crosses a trust boundary. Rejection is a value ({ ok: false, error }), never a throw.
import {
  CHAT_MAX_LENGTH, DEFAULT_VIEW_HEIGHT_U, DEFAULT_VIEW_WIDTH_U, MAX_VIEW_SIDE_U, NAME_MAX_LENGTH, PRIVATE_CODE_ALPHABET, PRIVATE_CODE_LENGTH,
  TICK_HZ, VIEW_SPAN_U, VIEW_TICK_SCALE,
} from "./constants.ts";
import { aimFromWire, positionFromWire, positionToWire, quantizeAim } from "./sim/quantize.ts";
import { Button, type InputLike } from "./sim/types.ts";
import { truncateGraphemes } from "./text.ts";

export const ROOM_NAME = "arena";
/** The realtime listing of open public rooms (Colyseus LobbyRoom: messages "rooms", "+", "-"). */
export const LOBBY_ROOM_NAME = "lobby";
/**
 * HTTP GET `${ROOM_STATUS_PATH}<roomId>` → `{ open: boolean }`: whether a room is still in the
 * room directory (any process, with Redis). A client that cannot reconnect asks it to tell a
 * dead server from its own bad connection. Counted against the per-address join limit.
 */
export const ROOM_STATUS_PATH = "/rooms/";

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
  /**
   * client → server, as raw bytes (Colyseus ROOM_DATA_BYTES): 1–4 input frames, oldest first
   * (encodeInputFrames). A client sends its frames two to a message, or at once when keys,
   * buttons or a shot change.
   */
  INPUTS: 3,
  /**
   * client → server: ViewSize, the world its screen shows now (after a resize or a turn of the
   * phone). The server sends it what lies within its view area (docs/PROTOCOL.md, "Views").
   */
  VIEW: 4,
  /** server → client: { killer: string, victim: string } (session ids), a kill happened. */
  KILL: 10,
  /** server → client: ChatLine, a player's line or a system line (joins, leaves). */
  CHAT_LINE: 11,
  /** server → client: ChatRejected, the sender's own line was not sent. */
  CHAT_REJECTED: 12,
  /** server → the shooter only: HitMessage, one of its shots landed. */
  HIT: 13,
  /**
   * server → client, as raw bytes (Colyseus ROOM_DATA_BYTES), right after a patch: the shots
   * that entered the client's view area and those in it that hit someone (encodeShots).
   */
  SHOTS: 14,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Close codes this server uses, beyond Colyseus's own (4000 consented, 4001 shutdown, 4002 error). */
export const CloseCode = {
  /** Colyseus's code when the server shuts down: clients go back to the menu with a notice. */
  SERVER_SHUTDOWN: 4001,
  /** Too many unknown, malformed or out-of-phase messages. */
  PROTOCOL_VIOLATION: 4400,
  /** An operator removed the player from the admin view (/admin); the seat is released, no reconnection window. */
  KICKED: 4403,
  /** The client stopped reading: more than the server's send-buffer limit was waiting for it. */
  SLOW_CONSUMER: 4408,
  /** An operator closed the room from the admin view (/admin); every player in it gets this code. */
  CLOSED_BY_ADMIN: 4410,
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

/** An input frame as it travels: what the sim reads, plus the view tick of a firing frame (0: none). */
export interface WireInput extends InputLike {
  view: number;
}

export const blankWireInput = (): WireInput => ({ mx: 0, my: 0, aim: 0, buttons: 0, view: 0 });

/** Copies a frame's fields (frames are reused slots on both ends). */
export function copyWireInput(from: WireInput, to: WireInput): void {
  to.mx = from.mx;
  to.my = from.my;
  to.aim = from.aim;
  to.buttons = from.buttons;
  to.view = from.view;
}

/**
 * Whether two frames differ in keys or buttons (the aim alone does not count): such a frame
 * is sent at once rather than paired, so what others see of a change is not held back.
 */
export const keysChanged = (a: InputLike, b: InputLike) => a.mx !== b.mx || a.my !== b.my || a.buttons !== b.buttons;

/** Frames one INPUTS message may carry. */
export const MAX_FRAMES_PER_INPUTS = 4;
/** Frames a client puts in one INPUTS message when nothing urges it to send sooner. */
export const FRAMES_PER_INPUTS = 2;
/** Bytes one frame takes at most: flags, aim, view. */
export const MAX_INPUT_FRAME_BYTES = 5;

// Flags byte of a frame: bits 0–1 mx + 1, bits 2–3 my + 1, then the buttons, then whether a view follows.
const FLAG_FIRE = 1 << 4;
const FLAG_DASH = 1 << 5;
const FLAG_VIEW = 1 << 6;
const FLAG_UNUSED = 1 << 7;

/**
 * Writes `count` frames into `out` at `offset`: [count] then per frame [flags][aim u16 LE]
 * and, on a frame that claims one, [view u16 LE]. The aim goes on the 16-bit heading grid
 * (quantizeAim): a client predicts with aimFromWire(quantizeAim(aim)) so both sides step
 * from the same number. Returns the offset after the last byte.
 */
export function encodeInputFrames(frames: readonly WireInput[], count: number, out: Uint8Array, offset = 0): number {
  let at = offset;
  out[at++] = count;
  for (let i = 0; i < count; i++) {
    const f = frames[i];
    const view = f.view > 0 && f.view <= 0xffff ? f.view : 0;
    out[at++] = (toAxis(f.mx) + 1) | ((toAxis(f.my) + 1) << 2)
      | ((f.buttons & Button.FIRE) !== 0 ? FLAG_FIRE : 0) | ((f.buttons & Button.DASH) !== 0 ? FLAG_DASH : 0) | (view ? FLAG_VIEW : 0);
    const aim = quantizeAim(f.aim);
    out[at++] = aim & 0xff;
    out[at++] = aim >> 8;
    if (view) {
      out[at++] = view & 0xff;
      out[at++] = view >> 8;
    }
  }
  return at;
}

/**
 * Reads the frames of an INPUTS payload (`bytes` from `offset` to its end) into `out`'s first
 * slots and returns how many, or fails when the payload is not exactly 1–4 well-formed frames.
 * A decoded frame is legal by construction: axes −1/0/1, aim on its grid, known buttons.
 */
export function decodeInputFrames(bytes: Uint8Array, offset: number, out: WireInput[]): Result<number, "malformed_inputs"> {
  const end = bytes.length;
  if (offset >= end) return fail("malformed_inputs");
  const count = bytes[offset];
  if (count < 1 || count > MAX_FRAMES_PER_INPUTS || count > out.length) return fail("malformed_inputs");
  let at = offset + 1;
  for (let i = 0; i < count; i++) {
    if (at + 3 > end) return fail("malformed_inputs");
    const flags = bytes[at];
    const mx = (flags & 3) - 1, my = ((flags >> 2) & 3) - 1;
    if (mx > 1 || my > 1 || (flags & FLAG_UNUSED) !== 0) return fail("malformed_inputs");
    const f = out[i];
    f.mx = mx;
    f.my = my;
    f.buttons = ((flags & FLAG_FIRE) !== 0 ? Button.FIRE : 0) | ((flags & FLAG_DASH) !== 0 ? Button.DASH : 0);
    f.aim = aimFromWire(bytes[at + 1] | (bytes[at + 2] << 8));
    at += 3;
    f.view = 0;
    if ((flags & FLAG_VIEW) !== 0) {
      if (at + 2 > end) return fail("malformed_inputs");
      f.view = bytes[at] | (bytes[at + 1] << 8);
      if (f.view === 0) return fail("malformed_inputs");
      at += 2;
    }
  }
  return at === end ? ok(count) : fail("malformed_inputs");
}

// ── Join options ───────────────────────────────────────────────────────────

export interface JoinOptions {
  name: string;
  mode: GameMode;
  /** Create a private room, joined only by its code (with client.create). */
  private: boolean;
  /** The world the client's screen shows; the default 16:9 view when it does not say. */
  view: ViewSize;
}

/** World units a client's screen shows across and down. */
export interface ViewSize {
  width: number;
  height: number;
}

export const DEFAULT_VIEW: Readonly<ViewSize> = { width: DEFAULT_VIEW_WIDTH_U, height: DEFAULT_VIEW_HEIGHT_U };

/**
 * A view size as a client states it ({ width, height } in world units): finite numbers, each
 * side clamped to [VIEW_SPAN_U / 2, MAX_VIEW_SIDE_U] so no client can ask to be sent the arena.
 */
export function decodeViewSize(raw: unknown): Result<ViewSize, "bad_view"> {
  if (!isRecord(raw)) return fail("bad_view");
  const { width, height } = raw;
  if (typeof width !== "number" || typeof height !== "number" || !Number.isFinite(width) || !Number.isFinite(height)) return fail("bad_view");
  const side = (v: number) => Math.round(Math.min(Math.max(v, VIEW_SPAN_U / 2), MAX_VIEW_SIDE_U));
  return ok({ width: side(width), height: side(height) });
}

// Control, format (zero-width, bidi overrides), separator, unassigned and default-ignorable
// characters (Hangul fillers, variation selectors), and the blank Braille pattern: all render
// as nothing, so a name made of them would be invisible.
const INVISIBLE = /[\p{C}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800]/gu;
/** Combining marks kept per character; more only stack into text that covers its neighbours. */
const MAX_COMBINING_MARKS = 3;
const MARK_PILE = new RegExp(`(\\p{M}{${MAX_COMBINING_MARKS}})\\p{M}+`, "gu");

/**
 * Printable characters only, whitespace runs collapsed, trimmed, at most `maxLength`
 * characters as a reader counts them (grapheme clusters: an emoji with its skin tone, a flag,
 * a letter with its accents), never cut inside one.
 */
function printableText(raw: string, maxLength: number): string {
  const printable = raw.replace(INVISIBLE, "").replace(MARK_PILE, "$1").replace(/\s+/gu, " ").trim();
  return truncateGraphemes(printable, maxLength).trim();
}

/** A display name as shown to everyone; "" when nothing printable is left. */
export const sanitizeName = (raw: string) => printableText(raw, NAME_MAX_LENGTH);

export type JoinOptionsError = "options_not_object" | "bad_name" | "bad_mode" | "bad_private" | "bad_view";

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
  let view: ViewSize = DEFAULT_VIEW;
  if (raw.view !== undefined) {
    const stated = decodeViewSize(raw.view);
    if (!stated.ok) return stated;
    view = stated.value;
  }
  return ok({ name: name || "Player", mode: mode as GameMode, private: isPrivate, view });
}

// ── Private room codes ─────────────────────────────────────────────────────

/** Spaces of any kind (and the invisible ones a paste can bring along) anywhere in a typed code. */
const CODE_SPACING = /[\s\u200b-\u200d\u2060\ufeff]+/gu;

/**
 * Normalizes what a player typed as a room code: spaces anywhere (around it or between its
 * letters, "k7q xa") and case do not matter. Null when it cannot be a code.
 */
export function normalizeRoomCode(typed: string): string | null {
  const code = typed.replace(CODE_SPACING, "").toUpperCase();
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

// ── Ticks on 16 bits ───────────────────────────────────────────────────────

const WRAP_16 = 0x10000;

/** The integer whose low 16 bits are `low16`, nearest `near` (an integer). */
function nearestWithLow16(low16: number, near: number): number {
  let delta = (((low16 - near) % WRAP_16) + WRAP_16) % WRAP_16;
  if (delta >= WRAP_16 / 2) delta -= WRAP_16;
  return near + delta;
}

/** A tick as a 16-bit field carries it (a projectile's spawnTick). */
export const wrapTick = (tick: number) => tick & (WRAP_16 - 1);

/** The tick a 16-bit `wrapped` tick stands for: the one nearest `nearTick` (a shot lives far less than 2^15 ticks). */
export const unwrapTick = (wrapped: number, nearTick: number) => nearestWithLow16(wrapped, nearTick);

// ── View ticks (lag compensation) ──────────────────────────────────────────

/**
 * The input frame `view` value for a client drawing other players at `renderTick`
 * (fractional): 1/8 ticks mod 2^16, never 0 (0 claims no view).
 */
export function encodeViewTick(renderTick: number): number {
  if (!Number.isFinite(renderTick) || renderTick <= 0) return 0;
  return Math.round(renderTick * VIEW_TICK_SCALE) % WRAP_16 || 1;
}

/**
 * The tick an input frame `view` value stands for, taken as the one nearest `nearTick`
 * (the 16-bit wrap spans 4.5 minutes of ticks); null when the frame claims no view.
 */
export function decodeViewTick(view: number, nearTick: number): number | null {
  if (!Number.isInteger(view) || view <= 0 || view >= WRAP_16) return null;
  return nearestWithLow16(view, Math.round(nearTick * VIEW_TICK_SCALE)) / VIEW_TICK_SCALE;
}

// ── Shots ──────────────────────────────────────────────────────────────────

/** A shot as the server launched it (its launch already on the wire's grid: launchFrom). */
export interface WireShot {
  /** 1–65535, unique among the shots in the air (recycled). */
  id: number;
  /** The owner's slot. */
  owner: number;
  x0: number;
  y0: number;
  /** Radians, on the 16-bit heading grid. */
  heading: number;
  /** The tick at flight 0. */
  spawnTick: number;
  /** The owner's input number that fired it, mod 2^16: sent to the owner only. */
  shot: number;
}

/** A shot as a client decodes it: `age` ticks of flight at the message's tick. */
export interface ShotLaunched {
  id: number;
  owner: number;
  x0: number;
  y0: number;
  heading: number;
  age: number;
  /** Only on the receiving client's own shots. */
  shot?: number;
}

/**
 * A SHOTS message: its tick (mod 2^16), the shots that entered the view, and the ids of shots
 * sent before (or in this message) that stopped before the end of their flight: they hit
 * someone, or a new match cleared them. A shot's natural end (a wall, the arena's edge, its
 * range) is not told: clients compute it from the map (projectileEndTicks).
 */
export interface ShotsMessage {
  tick: number;
  launched: ShotLaunched[];
  stopped: number[];
}

/** Bytes one shot takes at most in a SHOTS message. */
export const MAX_SHOT_BYTES = 12;
const SHOT_AGE_MAX = 0x7f;
const SHOT_HAS_SEQ = 0x80;
/** An unsigned LEB128 count is 1 byte below 128, 2 below 16384 (every count here). */
const MAX_COUNT_BYTES = 3;

/** Bytes a SHOTS message of `launched` and `stopped` shots takes at most. */
export const shotsMessageBytes = (launched: number, stopped: number) => 2 + 2 * MAX_COUNT_BYTES + launched * MAX_SHOT_BYTES + stopped * 2;

function writeCount(out: Uint8Array, at: number, count: number): number {
  while (count >= 0x80) {
    out[at++] = (count & 0x7f) | 0x80;
    count >>>= 7;
  }
  out[at++] = count;
  return at;
}

const write16 = (out: Uint8Array, at: number, v: number) => {
  out[at] = v & 0xff;
  out[at + 1] = (v >> 8) & 0xff;
  return at + 2;
};

/**
 * Writes a SHOTS message into `out` (sized with shotsMessageBytes): [tick u16] [count]
 * then per launched shot [id u16][owner u8][x0 u16][y0 u16][heading u16][age u8, bit 7: a
 * seq follows][seq u16], then [count] and the stopped shots' [id u16]. Integers are little-
 * endian, counts unsigned LEB128; x0/y0 on the position grid, heading on the 16-bit grid.
 * `ownSlot`'s shots carry their seq. Returns the offset after the last byte.
 */
export function encodeShots(tick: number, launched: readonly WireShot[], stopped: readonly number[], ownSlot: number, out: Uint8Array): number {
  let at = write16(out, 0, tick);
  at = writeCount(out, at, launched.length);
  for (const s of launched) {
    at = write16(out, at, s.id);
    out[at++] = s.owner;
    at = write16(out, at, positionToWire(s.x0));
    at = write16(out, at, positionToWire(s.y0));
    at = write16(out, at, quantizeAim(s.heading));
    const own = s.owner === ownSlot;
    out[at++] = Math.min(Math.max(tick - s.spawnTick, 0), SHOT_AGE_MAX) | (own ? SHOT_HAS_SEQ : 0);
    if (own) at = write16(out, at, s.shot);
  }
  at = writeCount(out, at, stopped.length);
  for (const id of stopped) at = write16(out, at, id);
  return at;
}

/** Reads a SHOTS payload (`bytes` from `offset` to its end); fails on anything but exactly one well-formed message. */
export function decodeShots(bytes: Uint8Array, offset = 0): Result<ShotsMessage, "malformed_shots"> {
  const end = bytes.length;
  let at = offset;
  const u16 = () => {
    const v = bytes[at] | (bytes[at + 1] << 8);
    at += 2;
    return v;
  };
  const count = () => {
    let value = 0;
    for (let shift = 0; shift < 7 * MAX_COUNT_BYTES && at < end; shift += 7) {
      const b = bytes[at++];
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return value;
    }
    return -1;
  };
  if (at + 2 > end) return fail("malformed_shots");
  const tick = u16();
  const launchedCount = count();
  if (launchedCount < 0 || at + launchedCount * (MAX_SHOT_BYTES - 2) > end) return fail("malformed_shots");
  const launched: ShotLaunched[] = [];
  for (let i = 0; i < launchedCount; i++) {
    if (at + MAX_SHOT_BYTES - 2 > end) return fail("malformed_shots");
    const id = u16(), owner = bytes[at++];
    const x0 = positionFromWire(u16()), y0 = positionFromWire(u16()), heading = aimFromWire(u16());
    const age = bytes[at++];
    const shot: ShotLaunched = { id, owner, x0, y0, heading, age: age & SHOT_AGE_MAX };
    if ((age & SHOT_HAS_SEQ) !== 0) {
      if (at + 2 > end) return fail("malformed_shots");
      shot.shot = u16();
    }
    launched.push(shot);
  }
  const stoppedCount = count();
  if (stoppedCount < 0 || at + stoppedCount * 2 !== end) return fail("malformed_shots");
  const stopped: number[] = [];
  for (let i = 0; i < stoppedCount; i++) stopped.push(u16());
  return ok({ tick, launched, stopped });
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
 * (mod 2^16, as the owner's SHOTS message carries it), so the shooter's client knows which of its predicted
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
