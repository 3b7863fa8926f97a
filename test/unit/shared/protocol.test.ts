import assert from "node:assert/strict";
import { Decoder, Encoder } from "@colyseus/schema";
import { NAME_MAX_LENGTH } from "../../../shared/constants.ts";
import { decodeEcho, decodeJoinOptions, decodeKill, sanitizeInput, sanitizeName } from "../../../shared/protocol.ts";
import { InputFrame } from "../../../shared/schema.ts";
import { Button } from "../../../shared/sim/types.ts";
import { createRng } from "../../../shared/sim/random.ts";

describe("input frames", () => {
  it("round-trip through the schema encoder, delta after delta", () => {
    const sent = new InputFrame();
    const encoder = new Encoder(sent);
    const received = new InputFrame();
    const decoder = new Decoder(received);
    const rng = createRng(11);
    for (let i = 0; i < 200; i++) {
      sent.mx = rng.int(-1, 1); sent.my = rng.int(-1, 1);
      sent.aim = Math.fround(rng.range(-Math.PI, Math.PI));
      sent.buttons = rng.int(0, 3);
      decoder.decode(encoder.encode());
      encoder.discardChanges();
      assert.deepEqual([received.mx, received.my, received.aim, received.buttons], [sent.mx, sent.my, sent.aim, sent.buttons]);
      assert.equal(sanitizeInput(received), true, "an honest frame is valid as sent");
    }
  });

  it("a delta of an unchanged frame is tiny", () => {
    const frame = new InputFrame();
    const encoder = new Encoder(frame);
    encoder.encode(); encoder.discardChanges();
    frame.mx = 1; frame.aim = 1.25;
    assert.ok(encoder.encode().byteLength <= 10);
  });

  it("whatever malformed bytes decode into, sanitizing leaves a legal frame", () => {
    const decoder = new Decoder(new InputFrame());
    const rng = createRng(12);
    const { warn, error } = console;
    console.warn = console.error = () => {}; // the schema decoder reports each mismatch on the console
    try {
    for (let i = 0; i < 500; i++) {
      const garbage = Uint8Array.from({ length: rng.int(1, 40) }, () => rng.int(0, 255));
      try { decoder.decode(garbage); } catch { /* the room's input controller catches these too */ }
      const frame = decoder.state as InputFrame;
      sanitizeInput(frame); // whatever got through is made legal
      assert.ok([-1, 0, 1].includes(frame.mx) && [-1, 0, 1].includes(frame.my));
      assert.ok(Number.isFinite(frame.aim) && Math.abs(frame.aim) <= Math.PI);
      assert.equal(frame.buttons & ~(Button.FIRE | Button.DASH), 0);
    }
    } finally {
      Object.assign(console, { warn, error });
    }
  });

  it("sanitizes out-of-range, NaN and infinite values and reports them", () => {
    const cases = [
      { mx: 5, my: -7, aim: 0, buttons: 0 },
      { mx: 0, my: 0, aim: NaN, buttons: 0 },
      { mx: 0, my: 0, aim: Infinity, buttons: 0 },
      { mx: 0, my: 0, aim: 1e9, buttons: 0 },
      { mx: 0, my: 0, aim: 0, buttons: 0xff },
    ];
    for (const frame of cases) {
      assert.equal(sanitizeInput(frame), false, JSON.stringify(frame));
      assert.ok([-1, 0, 1].includes(frame.mx) && [-1, 0, 1].includes(frame.my));
      assert.ok(Number.isFinite(frame.aim) && Math.abs(frame.aim) <= Math.PI);
    }
    assert.equal(cases[4].buttons, Button.FIRE | Button.DASH);
  });
});

describe("names and join options", () => {
  it("strips control and invisible characters, trims and caps the length", () => {
    assert.equal(sanitizeName("  al\u0000ice\u200b \n"), "alice");
    assert.equal(sanitizeName("\u202eevil"), "evil");
    assert.equal(sanitizeName("a".repeat(40)).length, NAME_MAX_LENGTH);
    assert.equal(Array.from(sanitizeName("🙂".repeat(20))).length, NAME_MAX_LENGTH);
    assert.equal(sanitizeName("a    b"), "a b");
  });

  it("decodes join options with defaults and typed errors", () => {
    assert.deepEqual(decodeJoinOptions(undefined), { ok: true, value: { name: "Player", mode: "ffa", private: false } });
    assert.deepEqual(decodeJoinOptions({ name: " Zed ", mode: "teams", private: true }), { ok: true, value: { name: "Zed", mode: "teams", private: true } });
    assert.deepEqual(decodeJoinOptions({ name: "\u0007" }), { ok: true, value: { name: "Player", mode: "ffa", private: false } });
    assert.deepEqual(decodeJoinOptions({ private: "yes" }), { ok: false, error: "bad_private" });
    assert.deepEqual(decodeJoinOptions({ name: 5 }), { ok: false, error: "bad_name" });
    assert.deepEqual(decodeJoinOptions({ name: "x".repeat(1000) }), { ok: false, error: "bad_name" });
    assert.deepEqual(decodeJoinOptions({ mode: "battle-royale" }), { ok: false, error: "bad_mode" });
    assert.deepEqual(decodeJoinOptions([1]), { ok: false, error: "options_not_object" });
  });
});

describe("message decoders", () => {
  it("accept well-formed payloads and reject everything else", () => {
    assert.deepEqual(decodeEcho({ t: 12.5 }), { ok: true, value: { t: 12.5 } });
    for (const bad of [null, 1, "t", [], {}, { t: "1" }, { t: NaN }, { t: Infinity }]) assert.equal(decodeEcho(bad).ok, false);
    assert.deepEqual(decodeKill({ killer: "a", victim: "b" }), { ok: true, value: { killer: "a", victim: "b" } });
    assert.equal(decodeKill({ killer: 1, victim: "b" }).ok, false);
  });
});
