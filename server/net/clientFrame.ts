// The first check every WebSocket frame from a client goes through, before Colyseus sees
// it: one decode-and-validate function that accepts exactly the frames an honest client
// of this game sends (docs/PROTOCOL.md §2) and names what is wrong with anything else.
// Frames that pass decode without errors or console noise in Colyseus and the schema
// decoder; typed payload checks follow in the message handlers (shared/protocol.ts).
import { Protocol } from "@colyseus/core";
import { unpack } from "msgpackr";
import { blankWireInput, decodeInputFrames, MAX_FRAMES_PER_INPUTS, MessageType, type Result, type WireInput } from "../../shared/protocol.ts";

/** Where a connection is in the Colyseus join handshake. */
export type ConnectionPhase = "awaiting_join_ack" | "joined";

/** Message ids a client may send (the rest of MessageType is server → client). */
export const CLIENT_MESSAGE_TYPES = [MessageType.ECHO, MessageType.CHAT, MessageType.VIEW] as const;
export type ClientMessageType = (typeof CLIENT_MESSAGE_TYPES)[number];

/** The one message a lobby client may send (Colyseus LobbyRoom): narrow the listing. */
export const LOBBY_FILTER_MESSAGE = "filter";

export type ClientFrame =
  | { kind: "join_ack" }
  | { kind: "leave" }
  | { kind: "ping" }
  /** Input frames (MessageType.INPUTS): the room reads them itself, Colyseus never sees them. */
  | { kind: "inputs" }
  | { kind: "message"; type: ClientMessageType | typeof LOBBY_FILTER_MESSAGE };

/** A decode-and-validate function for the frames one kind of room accepts. */
export type FrameDecoder = (frame: Uint8Array, phase: ConnectionPhase) => Result<ClientFrame, FrameError>;

export type FrameError =
  /** A frame with no bytes at all. */
  | "empty_frame"
  /** The protocol code (low 5 bits of the first byte) is not a client → server code. */
  | "unknown_protocol"
  /** A valid Colyseus code this game never uses (requests, Colyseus's own input frames). */
  | "unsupported_protocol"
  /** Modifier bits set on the first byte: this room asks clients for no timing stamps. */
  | "unexpected_modifier"
  /** Data before the join handshake is acknowledged, or a second acknowledgement. */
  | "wrong_phase"
  /** A control frame (join ack, ping, leave) carrying bytes it should not. */
  | "unexpected_body"
  /** A message id that is not one a client may send. */
  | "unknown_message"
  /** A message whose payload is not one well-formed msgpack value. */
  | "malformed_payload"
  /** An INPUTS message that is not 1–4 well-formed input frames. */
  | "malformed_inputs";

const CODE_MASK = 0x1f; // low 5 bits: Colyseus protocol code
const MODIFIER_MASK = 0xe0; // top 3 bits: Colyseus protocol modifiers (TIMED, UNRELIABLE)

const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
const fail = (error: FrameError): Result<never, FrameError> => ({ ok: false, error });

// A decoded frame carries nothing but its kind, so each success is one shared result,
// made once and never mutated: the frames every client sends 30 times a second allocate nothing.
const JOIN_ACK = ok<ClientFrame>({ kind: "join_ack" });
const LEAVE = ok<ClientFrame>({ kind: "leave" });
const PING = ok<ClientFrame>({ kind: "ping" });
const INPUTS = ok<ClientFrame>({ kind: "inputs" });
/** Where the frame check decodes input frames to (only to see that they decode). */
const scratchInputs: WireInput[] = Array.from({ length: MAX_FRAMES_PER_INPUTS }, blankWireInput);
const MESSAGES = new Map(CLIENT_MESSAGE_TYPES.map((type) => [type as number, ok<ClientFrame>({ kind: "message", type })]));
const LOBBY_FILTER = ok<ClientFrame>({ kind: "message", type: LOBBY_FILTER_MESSAGE });

/**
 * Decodes one frame from an arena client. Never throws, whatever the bytes.
 * `phase` is where the sender's connection stands in the join handshake.
 */
export function decodeClientFrame(frame: Uint8Array, phase: ConnectionPhase): Result<ClientFrame, FrameError> {
  const control = decodeControlFrame(frame, phase);
  if (control) return control;
  switch (frame[0] & CODE_MASK) {
    case Protocol.ROOM_DATA_BYTES:
      if (phase !== "joined") return fail("wrong_phase");
      if (frame.length < 2 || frame[1] !== MessageType.INPUTS) return fail("unknown_message");
      return decodeInputFrames(frame, 2, scratchInputs).ok ? INPUTS : fail("malformed_inputs");
    case Protocol.ROOM_DATA:
      if (phase !== "joined") return fail("wrong_phase");
      return decodeArenaMessage(frame);
    default:
      return fail(unusedCodeError(frame));
  }
}

/**
 * Decodes one frame from a lobby client: the control frames and the lobby's `filter`
 * message. Never throws.
 */
export function decodeLobbyFrame(frame: Uint8Array, phase: ConnectionPhase): Result<ClientFrame, FrameError> {
  const control = decodeControlFrame(frame, phase);
  if (control) return control;
  if ((frame[0] & CODE_MASK) !== Protocol.ROOM_DATA) return fail(unusedCodeError(frame));
  if (phase !== "joined") return fail("wrong_phase");
  if (!startsWith(frame, FILTER_TYPE_BYTES, 1)) return fail("unknown_message");
  return payloadAfter(frame, 1 + FILTER_TYPE_BYTES.length, LOBBY_FILTER);
}

/**
 * Empty frames, modifiers and the frames every room shares (join ack, ping, leave); null for anything else.
 * (Frame sizes here are read as `length`, not `byteLength`: the same for a Uint8Array, but
 * Node 20 does not inline the `byteLength` getter, and this runs for every frame.)
 */
function decodeControlFrame(frame: Uint8Array, phase: ConnectionPhase): Result<ClientFrame, FrameError> | null {
  if (frame.length === 0) return fail("empty_frame");
  if ((frame[0] & MODIFIER_MASK) !== 0) return fail("unexpected_modifier");
  const hasBody = frame.length > 1;
  switch (frame[0] & CODE_MASK) {
    case Protocol.JOIN_ROOM:
      if (phase === "joined") return fail("wrong_phase");
      return hasBody ? fail("unexpected_body") : JOIN_ACK;
    case Protocol.PING:
      return hasBody ? fail("unexpected_body") : PING;
    case Protocol.LEAVE_ROOM:
      return hasBody ? fail("unexpected_body") : LEAVE;
    default:
      return null;
  }
}

/** Colyseus codes a client may send that this server never uses, and codes that are not client codes at all. */
function unusedCodeError(frame: Uint8Array): FrameError {
  const code = frame[0] & CODE_MASK;
  const unused: number[] = [Protocol.ROOM_DATA_BYTES, Protocol.ROOM_REQUEST, Protocol.ROOM_INPUT_UNRELIABLE, Protocol.ROOM_INPUT_RELIABLE, Protocol.ROOM_DATA];
  return unused.includes(code) ? "unsupported_protocol" : "unknown_protocol";
}

/**
 * `[13][type][msgpack payload?]`: the SDK writes a numeric type as one byte for 0–127, and
 * only that canonical form of a known client id is accepted.
 */
function decodeArenaMessage(frame: Uint8Array): Result<ClientFrame, FrameError> {
  if (frame.length < 2) return fail("unknown_message");
  const message = MESSAGES.get(frame[1]);
  if (!message) return fail("unknown_message");
  return payloadAfter(frame, 2, message);
}

/** The string type "filter" as the SDK encodes it (msgpack fixstr). */
const FILTER_TYPE_BYTES = Uint8Array.from([0xa0 | LOBBY_FILTER_MESSAGE.length, ...new TextEncoder().encode(LOBBY_FILTER_MESSAGE)]);

const startsWith = (frame: Uint8Array, prefix: Uint8Array, at: number) =>
  frame.length >= at + prefix.length && prefix.every((byte, i) => frame[at + i] === byte);

/** A payload, when present, must be exactly one msgpack value. */
function payloadAfter(frame: Uint8Array, offset: number, message: Result<ClientFrame, FrameError>): Result<ClientFrame, FrameError> {
  if (frame.length > offset && !isOneMsgpackValue(frame.subarray(offset))) return fail("malformed_payload");
  return message;
}

function isOneMsgpackValue(bytes: Uint8Array): boolean {
  try {
    unpack(bytes); // throws on truncated data and on bytes left over after the value
    return true;
  } catch {
    return false;
  }
}
