import assert from "node:assert/strict";
import { Protocol, ProtocolModifier } from "@colyseus/core";
import { InputDecoder, InputEncoder } from "@colyseus/schema/input";
import fc from "fast-check";
import { Packr, unpack } from "msgpackr";
import { MessageType } from "../../../../shared/protocol.ts";
import { InputFrame } from "../../../../shared/schema.ts";
import { decodeClientFrame, decodeLobbyFrame, INPUT_FIELD_BYTES, type ConnectionPhase } from "../../../../server/net/clientFrame.ts";

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
  fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 5 })), { maxLength: 6 })
    .map((pairs) => Uint8Array.from([Protocol.ROOM_INPUT_RELIABLE, ...pairs.flatMap(([h, v]) => [h, ...v])])),
);

describe("decodeClientFrame", () => {
  it("accepts the control frames an SDK client sends, in the right phase", () => {
    assert.deepEqual(decodeClientFrame(frame(Protocol.JOIN_ROOM), "awaiting_join_ack"), { ok: true, value: { kind: "join_ack" } });
    assert.deepEqual(decodeClientFrame(frame(Protocol.PING), "awaiting_join_ack"), { ok: true, value: { kind: "ping" } });
    assert.deepEqual(decodeClientFrame(frame(Protocol.LEAVE_ROOM), "joined"), { ok: true, value: { kind: "leave" } });
    assert.deepEqual(decodeClientFrame(frame(Protocol.ROOM_INPUT_RELIABLE), "joined"), { ok: true, value: { kind: "input" } },
      "an empty delta: nothing changed since the last frame");
    assert.deepEqual(decodeClientFrame(frame(Protocol.ROOM_DATA, MessageType.CHAT, 0xc0), "joined"),
      { ok: true, value: { kind: "message", type: MessageType.CHAT } });
  });

  it("names what is wrong with everything else", () => {
    const cases: [Uint8Array, ConnectionPhase, string][] = [
      [frame(), "joined", "empty_frame"],
      [frame(Protocol.JOIN_ROOM), "joined", "wrong_phase"],
      [frame(Protocol.ROOM_INPUT_RELIABLE, 0x80, 1), "awaiting_join_ack", "wrong_phase"],
      [frame(Protocol.ROOM_DATA, MessageType.ECHO), "awaiting_join_ack", "wrong_phase"],
      [frame(Protocol.PING, 0), "joined", "unexpected_body"],
      [frame(Protocol.ROOM_INPUT_RELIABLE | ProtocolModifier.TIMED, 1, 0x80, 1), "joined", "unexpected_modifier"],
      [frame(Protocol.ROOM_INPUT_UNRELIABLE, 1, 0), "joined", "unsupported_protocol"],
      [frame(Protocol.ROOM_REQUEST, 1, 1), "joined", "unsupported_protocol"],
      [frame(Protocol.ROOM_DATA_BYTES, 1), "joined", "unsupported_protocol"],
      [frame(Protocol.ROOM_STATE), "joined", "unknown_protocol"],
      [frame(31), "joined", "unknown_protocol"],
      [frame(Protocol.ROOM_DATA), "joined", "unknown_message"],
      [frame(Protocol.ROOM_DATA, MessageType.KILL, 0xc0), "joined", "unknown_message"],
      [frame(Protocol.ROOM_DATA, 0xa4, 0x63, 0x68, 0x61, 0x74), "joined", "unknown_message"], // the string type "chat"
      [frame(Protocol.ROOM_DATA, 0xcc, MessageType.ECHO), "joined", "unknown_message"], // non-canonical number
      [frame(Protocol.ROOM_DATA, MessageType.ECHO, 0x92, 0x01), "joined", "malformed_payload"], // array cut short
      [frame(Protocol.ROOM_DATA, MessageType.ECHO, 0x01, 0x02), "joined", "malformed_payload"], // trailing bytes
      [frame(Protocol.ROOM_INPUT_RELIABLE, 0x84, 1), "joined", "malformed_input"], // field 4 does not exist
      [frame(Protocol.ROOM_INPUT_RELIABLE, 0x82, 0, 0), "joined", "malformed_input"], // float32 cut short
      [frame(Protocol.ROOM_INPUT_RELIABLE, 0x80, 1, 0x80, 1), "joined", "malformed_input"], // a field twice
      [frame(Protocol.ROOM_INPUT_RELIABLE, 0x00, 1), "joined", "malformed_input"], // REPLACE: the encoder never sends it
      [frame(Protocol.ROOM_INPUT_RELIABLE, 0xff, 0), "joined", "malformed_input"], // switch-to-structure
    ];
    for (const [bytes, phase, error] of cases) {
      assert.deepEqual(decodeClientFrame(bytes, phase), { ok: false, error }, `[${Array.from(bytes)}] ${phase}`);
    }
  });

  it("knows the wire width of every InputFrame field", () => {
    const fields = ["mx", "my", "aim", "buttons", "view"] as const;
    assert.equal(INPUT_FIELD_BYTES.length, fields.length);
    fields.forEach((field, index) => {
      const input = new InputFrame();
      const encoder = new InputEncoder(input);
      encoder.encode();
      input[field] = 1;
      assert.equal(encoder.encode().byteLength, 1 + INPUT_FIELD_BYTES[index], field);
    });
  });

  it("accepts every input frame the schema's input encoder produces, whatever the values", () => {
    const value = fc.record({
      mx: fc.integer({ min: -128, max: 127 }), my: fc.integer({ min: -128, max: 127 }),
      aim: fc.float({ noDefaultInfinity: false, noNaN: false }), buttons: fc.integer({ min: 0, max: 255 }),
      view: fc.integer({ min: 0, max: 0xffff }),
    }, { requiredKeys: [] });
    fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 40 }), (changes) => {
      const sent = new InputFrame();
      const encoder = new InputEncoder(sent);
      const decoder = new InputDecoder(new InputFrame());
      for (const change of changes) {
        Object.assign(sent, change);
        const bytes = withCode(Protocol.ROOM_INPUT_RELIABLE, encoder.encode());
        assert.deepEqual(decodeClientFrame(bytes, "joined"), { ok: true, value: { kind: "input" } });
        decoder.decode(bytes.subarray(1));
        const got = decoder.instance;
        assert.deepEqual([got.mx, got.my, got.buttons, got.view], [sent.mx, sent.my, sent.buttons, sent.view]);
        assert.ok(Object.is(got.aim, sent.aim) || (Number.isNaN(got.aim) && Number.isNaN(sent.aim)));
      }
    }), { seed: 2201, numRuns: 400 });
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
        if (result.value.kind === "input") new InputDecoder(new InputFrame()).decode(bytes.subarray(1));
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
