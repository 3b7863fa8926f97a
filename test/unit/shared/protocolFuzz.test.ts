// Property-based fuzzing of every decode-and-validate function in shared/protocol.ts:
// random structured values (anything JavaScript can hold) and random bytes run through
// msgpack, as they would arrive off the wire. Seeded, so a failure replays exactly.
import assert from "node:assert/strict";
import fc from "fast-check";
import { unpack } from "msgpackr";
import { CHAT_MAX_LENGTH, NAME_MAX_LENGTH, PRIVATE_CODE_ALPHABET, PRIVATE_CODE_LENGTH } from "../../../shared/constants.ts";
import {
  decodeChat, decodeChatLine, decodeChatRejected, decodeEcho, decodeJoinOptions, decodeKill, GAME_MODES, normalizeRoomCode,
  sanitizeChatText, sanitizeName,
} from "../../../shared/protocol.ts";

const RUNS = 5000;
const INVISIBLE = /[\p{C}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

/** Any JavaScript value, nested, with the odd corners turned on. */
const anyValue = fc.anything({
  withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true,
  withNullPrototype: true, withBoxedValues: true, withObjectString: true,
});

/** Whatever msgpack makes of random bytes (most fail to decode: those are skipped, as the frame check would). */
const offTheWire = fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => {
  try { return { value: unpack(bytes) as unknown }; } catch { return undefined; }
}).filter((decoded): decoded is { value: unknown } => decoded !== undefined).map((decoded) => decoded.value);

/** Payloads shaped like the real ones, with every field replaced by anything. */
const nearMiss = fc.record({
  t: anyValue, text: fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), anyValue), name: fc.oneof(fc.string({ unit: "binary" }), anyValue),
  mode: fc.oneof(fc.constantFrom(...GAME_MODES), anyValue), private: anyValue, kind: fc.constantFrom("player", "system", "x"),
  from: anyValue, team: anyValue, killer: anyValue, victim: anyValue, reason: fc.constantFrom("rate_limited", "other"), retryInMs: anyValue,
}, { requiredKeys: [] });

const payloads = fc.oneof(anyValue, offTheWire, nearMiss);

const isCleanText = (text: string, max: number) =>
  text.length > 0 && Array.from(text).length <= max && !INVISIBLE.test(text) && text === text.trim() && !/\s\s/.test(text);

describe("protocol decoders under fuzzing", () => {
  it("decodeJoinOptions never throws, and what it accepts is a clean name, a known mode and a boolean", () => {
    fc.assert(fc.property(payloads, (raw) => {
      const result = decodeJoinOptions(raw);
      if (!result.ok) return;
      assert.ok(isCleanText(result.value.name, NAME_MAX_LENGTH), JSON.stringify(result.value.name));
      assert.ok(GAME_MODES.includes(result.value.mode));
      assert.equal(typeof result.value.private, "boolean");
    }), { seed: 3301, numRuns: RUNS });
  });

  it("decodeEcho and decodeChat never throw, and accept only a finite number and clean, capped text", () => {
    fc.assert(fc.property(payloads, (raw) => {
      const echo = decodeEcho(raw);
      if (echo.ok) assert.ok(Number.isFinite(echo.value.t));
      const chat = decodeChat(raw);
      if (chat.ok) assert.ok(isCleanText(chat.value.text, CHAT_MAX_LENGTH), JSON.stringify(chat.value.text));
    }), { seed: 3302, numRuns: RUNS });
  });

  it("the server → client decoders never throw and type what they accept", () => {
    fc.assert(fc.property(payloads, (raw) => {
      const line = decodeChatLine(raw);
      if (line.ok) assert.equal(typeof line.value.text, "string");
      const rejected = decodeChatRejected(raw);
      if (rejected.ok) assert.equal(typeof rejected.value.retryInMs, "number");
      const kill = decodeKill(raw);
      if (kill.ok) assert.ok(typeof kill.value.killer === "string" && typeof kill.value.victim === "string");
    }), { seed: 3303, numRuns: RUNS });
  });

  it("names and chat text: any string comes out printable, capped and stable", () => {
    const text = fc.oneof(fc.string({ unit: "binary", maxLength: 400 }), fc.string({ unit: "grapheme-composite", maxLength: 100 }),
      fc.array(fc.constantFrom("\u200b", "\u202e", "\u3164", "\u2800", "\u0301", "\ufe0f", " ", "\n", "a", "é", "🙂"), { maxLength: 60 }).map((a) => a.join("")));
    fc.assert(fc.property(text, (raw) => {
      const name = sanitizeName(raw);
      assert.ok(name === "" || isCleanText(name, NAME_MAX_LENGTH), JSON.stringify(name));
      assert.equal(sanitizeName(name), name, "sanitizing twice changes nothing");
      const line = sanitizeChatText(raw);
      assert.ok(line === "" || isCleanText(line, CHAT_MAX_LENGTH), JSON.stringify(line));
      assert.ok(!/\p{M}{4}/u.test(name) && !/\p{M}{4}/u.test(line), "combining marks cannot pile up");
    }), { seed: 3304, numRuns: RUNS });
  });

  it("normalizeRoomCode returns a well-formed code or null", () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 12 }), fc.stringMatching(/^[a-zA-Z0-9 ]{5,7}$/)), (typed) => {
      const code = normalizeRoomCode(typed);
      if (code === null) return;
      assert.equal(code.length, PRIVATE_CODE_LENGTH);
      for (const ch of code) assert.ok(PRIVATE_CODE_ALPHABET.includes(ch));
    }), { seed: 3306, numRuns: RUNS });
  });
});
