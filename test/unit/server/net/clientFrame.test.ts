import assert from "node:assert/strict";
import { Protocol, ProtocolModifier } from "@colyseus/core";
import fc from "fast-check";
import { Packr, unpack } from "msgpackr";
import { decodeInputFrames, encodeInputFrames, MessageType, type WireInput } from "../../../../shared/protocol.ts";
import { decodeClientFrame, decodeLobbyFrame, type ConnectionPhase } from "../../../../server/net/clientFrame.ts";

const frame = (...bytes: number[]) => Uint8Array.from(bytes);
const withCode = (code: number, body: Uint8Array) => Uint8Array.from([code, ...body]);
const phases: ConnectionPhase[] = ["awaiting_join_ack", "joined"];

/** Runs `body` with console.warn/error counted instead of printed; returns how many were called. */
function countConsoleNoise(body: () => void): number {
  const { warn, error } = console;
  let noise = 0;
  console.warn = console.error = () => { noise++; };
  try { body(); } finally { Object.assign(console, { warn, error }); }
  return noise;
}

/** Bytes shaped like a client frame: a real or made-up protocol byte, then anything. */
const frameLike = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.tuple(
    fc.constantFrom<number>(...Object.values(Protocol), 0, 31),
    fc.constantFrom(0, 0x20, 0x40, 0x80, 0xe0),
    fc.uint8Array({ maxLength: 48 }),
  ).map(([code, modifier, body]) => withCode(code | modifier, body)),
  fc.tuple(fc.constantFrom(MessageType.ECHO, MessageType.CHAT, 0, 3, 10, 127, 0xa4), fc.uint8Array({ maxLength: 40 }))
    .map(([type, body]) => withCode(Protocol.ROOM_DATA, Uint8Array.from([type, ...body]))),
  fc.tuple(fc.integer({ min: 0, max: 6 }), fc.uint8Array({ maxLength: 24 }))
    .map(([count, body]) => Uint8Array.from([Protocol.ROOM_DATA_BYTES, MessageType.INPUTS, count, ...body])),
);

/** An INPUTS frame as the SDK sends it: [ROOM_DATA_BYTES][INPUTS][payload]. */
function inputsFrame(frames: WireInput[]): Uint8Array {
  const payload = new Uint8Array(64);
  const length = encodeInputFrames(frames, frames.length, payload);
  return Uint8Array.from([Protocol.ROOM_DATA_BYTES, MessageType.INPUTS, ...payload.subarray(0, length)]);
}
const still = (over: Partial<WireInput> = {}): WireInput => ({ mx: 0, my: 0, aim: 0, buttons: 0, view: 0, ...over });

describe("decodeClientFrame", () => {
  it("accepts the control frames an SDK client sends, in the right phase", () => {
    assert.deepEqual(decodeClientFrame(frame(Protocol.JOIN_ROOM), "awaiting_join_ack"), { ok: true, value: { kind: "join_ack" } });
    assert.deepEqual(decodeClientFrame(frame(Protocol.PING), "awaiting_join_ack"), { ok: true, value: { kind: "ping" } });
    assert.deepEqual(decodeClientFrame(frame(Protocol.LEAVE_ROOM), "joined"), { ok: true, value: { kind: "leave" } });
    assert.deepEqual(decodeClientFrame(inputsFrame([still(), still({ mx: 1, buttons: 1, view: 77 })]), "joined"), { ok: true, value: { kind: "inputs" } });
    assert.deepEqual(decodeClientFrame(frame(Protocol.ROOM_DATA, MessageType.CHAT, 0xc0), "joined"),
      { ok: true, value: { kind: "message", type: MessageType.CHAT } });
  });

  it("names what is wrong with everything else", () => {
    const cases: [Uint8Array, ConnectionPhase, string][] = [
      [frame(), "joined", "empty_frame"],
      [frame(Protocol.JOIN_ROOM), "joined", "wrong_phase"],
      [inputsFrame([still()]), "awaiting_join_ack", "wrong_phase"],
      [frame(Protocol.ROOM_DATA, MessageType.ECHO), "awaiting_join_ack", "wrong_phase"],
      [frame(Protocol.PING, 0), "joined", "unexpected_body"],
      [frame(Protocol.ROOM_DATA_BYTES | ProtocolModifier.TIMED, MessageType.INPUTS, 1, 5, 0, 0), "joined", "unexpected_modifier"],
      [frame(Protocol.ROOM_INPUT_RELIABLE, 0x80, 1), "joined", "unsupported_protocol"], // Colyseus's own input frames: not used here
      [frame(Protocol.ROOM_INPUT_UNRELIABLE, 1, 0), "joined", "unsupported_protocol"],
      [frame(Protocol.ROOM_REQUEST, 1, 1), "joined", "unsupported_protocol"],
      [frame(Protocol.ROOM_DATA_BYTES, MessageType.CHAT, 1), "joined", "unknown_message"], // bytes of a msgpack message
      [frame(Protocol.ROOM_STATE), "joined", "unknown_protocol"],
      [frame(31), "joined", "unknown_protocol"],
      [frame(Protocol.ROOM_DATA), "joined", "unknown_message"],
      [frame(Protocol.ROOM_DATA, MessageType.KILL, 0xc0), "joined", "unknown_message"],
      [frame(Protocol.ROOM_DATA, 0xa4, 0x63, 0x68, 0x61, 0x74), "joined", "unknown_message"], // the string type "chat"
      [frame(Protocol.ROOM_DATA, 0xcc, MessageType.ECHO), "joined", "unknown_message"], // non-canonical number
      [frame(Protocol.ROOM_DATA, MessageType.ECHO, 0x92, 0x01), "joined", "malformed_payload"], // array cut short
      [frame(Protocol.ROOM_DATA, MessageType.ECHO, 0x01, 0x02), "joined", "malformed_payload"], // trailing bytes
      [frame(Protocol.ROOM_DATA_BYTES, MessageType.INPUTS), "joined", "malformed_inputs"], // no count
      [frame(Protocol.ROOM_DATA_BYTES, MessageType.INPUTS, 0), "joined", "malformed_inputs"], // no frames
      [frame(Protocol.ROOM_DATA_BYTES, MessageType.INPUTS, 5, ...Array(15).fill(5)), "joined", "malformed_inputs"], // more than 4
      [frame(Protocol.ROOM_DATA_BYTES, MessageType.INPUTS, 1, 5, 0), "joined", "malformed_inputs"], // aim cut short
      [frame(Protocol.ROOM_DATA_BYTES, MessageType.INPUTS, 1, 3, 0, 0), "joined", "malformed_inputs"], // mx + 1 = 3
      [frame(Protocol.ROOM_DATA_BYTES, MessageType.INPUTS, 1, 0x85, 0, 0), "joined", "malformed_inputs"], // unused flag bit
      [frame(Protocol.ROOM_DATA_BYTES, MessageType.INPUTS, 1, 0x45, 0, 0, 0, 0), "joined", "malformed_inputs"], // view 0 claimed
      [frame(Protocol.ROOM_DATA_BYTES, MessageType.INPUTS, 1, 5, 0, 0, 9), "joined", "malformed_inputs"], // trailing byte
    ];
    for (const [bytes, phase, error] of cases) {
      assert.deepEqual(decodeClientFrame(bytes, phase), { ok: false, error }, `[${Array.from(bytes)}] ${phase}`);
    }
  });

  it("accepts every INPUTS frame a client encodes, and decodes it to legal frames, the aim on its 16-bit grid", () => {
    const input = fc.record({
      mx: fc.integer({ min: -128, max: 127 }), my: fc.integer({ min: -128, max: 127 }),
      aim: fc.double({ noDefaultInfinity: false, noNaN: false }), buttons: fc.integer({ min: 0, max: 255 }),
      view: fc.integer({ min: -5, max: 0x10005 }),
    });
    const out = Array.from({ length: 4 }, () => still());
    fc.assert(fc.property(fc.array(input, { minLength: 1, maxLength: 4 }), (frames) => {
      const bytes = inputsFrame(frames);
      assert.deepEqual(decodeClientFrame(bytes, "joined"), { ok: true, value: { kind: "inputs" } });
      const decoded = decodeInputFrames(bytes, 2, out);
      assert.deepEqual(decoded, { ok: true, value: frames.length });
      frames.forEach((sent, i) => {
        const got = out[i];
        assert.deepEqual([got.mx, got.my], [Math.sign(sent.mx) || 0, Math.sign(sent.my) || 0]);
        assert.equal(got.buttons, sent.buttons & 3);
        assert.equal(got.view, sent.view > 0 && sent.view <= 0xffff ? sent.view : 0);
        assert.ok(got.aim >= 0 && got.aim < 2 * Math.PI);
        if (Math.abs(sent.aim) < 1e6) { // far beyond a turn, float precision, not the encoding, decides
          const off = Math.atan2(Math.sin(got.aim - sent.aim), Math.cos(got.aim - sent.aim));
          assert.ok(Math.abs(off) <= Math.PI / 65536 + 1e-9, `aim ${sent.aim} → ${got.aim}`);
        }
      });
    }), { seed: 2201, numRuns: 2000 });
  });

  it("accepts every message the SDK encodes for the client message ids", () => {
    const packr = new Packr(); // what @colyseus/sdk sends with (records included)
    fc.assert(fc.property(fc.constantFrom(MessageType.ECHO, MessageType.CHAT), fc.jsonValue(), (type, payload) => {
      const bytes = Uint8Array.from([Protocol.ROOM_DATA, type, ...packr.pack(payload)]);
      assert.deepEqual(decodeClientFrame(bytes, "joined"), { ok: true, value: { kind: "message", type } });
    }), { seed: 2202, numRuns: 1000 });
  });

  it("never throws on random bytes, and what it accepts decodes downstream without a throw or a log line", () => {
    fc.assert(fc.property(frameLike, fc.constantFrom(...phases), (bytes, phase) => {
      const result = decodeClientFrame(bytes, phase);
      if (!result.ok) return;
      const noise = countConsoleNoise(() => {
        if (result.value.kind === "inputs") assert.ok(decodeInputFrames(bytes, 2, Array.from({ length: 4 }, () => still())).ok);
        if (result.value.kind === "message" && bytes.byteLength > 2) unpack(bytes.subarray(2));
      });
      assert.equal(noise, 0, `[${Array.from(bytes)}] made the decoder log`);
    }), { seed: 2203, numRuns: 20_000 });
  });
});

describe("decodeLobbyFrame", () => {
  const filterType = [0xa6, ...new TextEncoder().encode("filter")];

  it("accepts the control frames and the lobby's filter message, as the SDK encodes it", () => {
    const packr = new Packr();
    assert.deepEqual(decodeLobbyFrame(frame(Protocol.JOIN_ROOM), "awaiting_join_ack"), { ok: true, value: { kind: "join_ack" } });
    assert.deepEqual(decodeLobbyFrame(Uint8Array.from([Protocol.ROOM_DATA, ...filterType, ...packr.pack({ name: "arena" })]), "joined"),
      { ok: true, value: { kind: "message", type: "filter" } });
  });

  it("refuses arena messages, inputs and anything else", () => {
    const cases: [Uint8Array, string][] = [
      [frame(Protocol.ROOM_DATA, MessageType.CHAT, 0xc0), "unknown_message"],
      [frame(Protocol.ROOM_DATA, 0xa6, 0x66), "unknown_message"],
      [Uint8Array.from([Protocol.ROOM_DATA, ...filterType, 0x92, 1]), "malformed_payload"],
      [frame(Protocol.ROOM_INPUT_RELIABLE, 0x80, 1), "unsupported_protocol"],
      [inputsFrame([still()]), "unsupported_protocol"],
      [frame(Protocol.ROOM_INPUT_UNRELIABLE, 0, 0xff), "unsupported_protocol"],
      [frame(7), "unknown_protocol"],
    ];
    for (const [bytes, error] of cases) assert.deepEqual(decodeLobbyFrame(bytes, "joined"), { ok: false, error }, `[${Array.from(bytes)}]`);
  });

  it("never throws on random bytes", () => {
    fc.assert(fc.property(frameLike, fc.constantFrom(...phases), (bytes, phase) => {
      assert.equal(typeof decodeLobbyFrame(bytes, phase).ok, "boolean");
    }), { seed: 2204, numRuns: 10_000 });
  });
});
