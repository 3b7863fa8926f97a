import assert from "node:assert/strict";
import { MAX_ARENA_SIZE_U, MAX_VIEW_SIDE_U, NAME_MAX_LENGTH, VIEW_SPAN_U } from "../../../shared/constants.ts";
import {
  decodeEcho, decodeInputFrames, decodeJoinOptions, decodeKill, decodeShots, decodeViewSize, DEFAULT_VIEW, encodeInputFrames, encodeShots,
  MAX_FRAMES_PER_INPUTS, MAX_INPUT_FRAME_BYTES, sanitizeName, shotsMessageBytes, type WireShot,
} from "../../../shared/protocol.ts";
import { aimFromWire, quantizeAim } from "../../../shared/sim/quantize.ts";
import { launchFrom } from "../../../shared/sim/weapon.ts";
import { Button } from "../../../shared/sim/types.ts";
import { createRng } from "../../../shared/sim/random.ts";

describe("input frames (INPUTS)", () => {
  const slots = () => Array.from({ length: MAX_FRAMES_PER_INPUTS }, () => ({ mx: 0, my: 0, aim: 0, buttons: 0, view: 0 }));

  it("round-trip through encodeInputFrames and decodeInputFrames, the aim exactly on its grid", () => {
    const rng = createRng(11);
    const out = slots();
    const bytes = new Uint8Array(MAX_FRAMES_PER_INPUTS * MAX_INPUT_FRAME_BYTES + 1);
    for (let i = 0; i < 200; i++) {
      const frames = Array.from({ length: rng.int(1, MAX_FRAMES_PER_INPUTS) }, () => ({
        mx: rng.int(-1, 1), my: rng.int(-1, 1), aim: aimFromWire(quantizeAim(rng.range(-Math.PI, Math.PI))),
        buttons: rng.int(0, 3), view: rng.next() < 0.5 ? 0 : rng.int(1, 0xffff),
      }));
      const length = encodeInputFrames(frames, frames.length, bytes);
      assert.deepEqual(decodeInputFrames(bytes.subarray(0, length), 0, out), { ok: true, value: frames.length });
      frames.forEach((frame, k) => assert.deepEqual(out[k], frame));
    }
  });

  it("two frames without a shot take 7 bytes", () => {
    const frames = [{ mx: 1, my: 0, aim: 1.25, buttons: 0, view: 0 }, { mx: 1, my: -1, aim: 1.3, buttons: Button.DASH, view: 0 }];
    assert.equal(encodeInputFrames(frames, 2, new Uint8Array(16)), 7);
  });

  it("whatever a client writes, what decodes is legal: axes −1/0/1, known buttons, an aim in [0, 2π)", () => {
    const rng = createRng(12);
    const out = slots();
    for (let i = 0; i < 2000; i++) {
      const garbage = Uint8Array.from({ length: rng.int(0, 24) }, () => rng.int(0, 255));
      const decoded = decodeInputFrames(garbage, 0, out);
      if (!decoded.ok) continue;
      for (const frame of out.slice(0, decoded.value)) {
        assert.ok([-1, 0, 1].includes(frame.mx) && [-1, 0, 1].includes(frame.my));
        assert.equal(frame.buttons & ~(Button.FIRE | Button.DASH), 0);
        assert.ok(frame.aim >= 0 && frame.aim < 2 * Math.PI);
      }
    }
  });
});

describe("shots (SHOTS)", () => {
  const shotAt = (rng: ReturnType<typeof createRng>, id: number, owner: number, tick: number): WireShot => ({
    id, owner, shot: rng.int(0, 0xffff),
    ...launchFrom({ x: rng.range(0, MAX_ARENA_SIZE_U), y: rng.range(0, MAX_ARENA_SIZE_U) }, rng.range(-10, 10), tick - rng.int(0, 40)),
  });
  const encode = (tick: number, launched: WireShot[], stopped: number[], ownSlot: number) => {
    const out = new Uint8Array(shotsMessageBytes(launched.length, stopped.length));
    return out.subarray(0, encodeShots(tick, launched, stopped, ownSlot, out));
  };

  it("a launch arrives exactly as the server flies it (launchFrom's grid), with its age, and the seq only on the receiver's own shots", () => {
    const rng = createRng(21);
    const tick = 70_000; // past the 16-bit wrap
    const launched = Array.from({ length: 300 }, (_, i) => shotAt(rng, i + 1, rng.int(1, 4), tick)); // 300: counts past one LEB128 byte
    const stopped = [5, 65_535, 1];
    const decoded = decodeShots(encode(tick, launched, stopped, 2));
    assert.ok(decoded.ok);
    assert.equal(decoded.value.tick, tick & 0xffff);
    assert.deepEqual(decoded.value.stopped, stopped);
    decoded.value.launched.forEach((got, i) => {
      const sent = launched[i];
      assert.deepEqual(got, {
        id: sent.id, owner: sent.owner, x0: sent.x0, y0: sent.y0, heading: sent.heading, age: tick - sent.spawnTick,
        ...(sent.owner === 2 ? { shot: sent.shot } : {}),
      });
    });
  });

  it("a shot of another player takes 10 bytes; a message of one shot and nothing stopped takes 14", () => {
    const rng = createRng(22);
    assert.equal(encode(100, [shotAt(rng, 7, 3, 100)], [], 1).length, 14);
    assert.equal(encode(100, [shotAt(rng, 7, 3, 100)], [], 3).length, 16, "the owner's copy carries its seq");
    assert.equal(encode(100, [], [7, 8], 1).length, 8);
  });

  it("rejects truncated and padded messages, never throws on garbage", () => {
    const rng = createRng(23);
    const whole = encode(500, [shotAt(rng, 1, 2, 500), shotAt(rng, 2, 1, 500)], [9], 1);
    for (let cut = 0; cut < whole.length; cut++) assert.equal(decodeShots(whole.subarray(0, cut)).ok, false, `cut at ${cut}`);
    assert.equal(decodeShots(Uint8Array.from([...whole, 0])).ok, false);
    for (let i = 0; i < 3000; i++) {
      const garbage = Uint8Array.from({ length: rng.int(0, 40) }, () => rng.int(0, 255));
      const decoded = decodeShots(garbage);
      if (decoded.ok) for (const s of decoded.value.launched) assert.ok(s.x0 >= 0 && s.x0 <= MAX_ARENA_SIZE_U && s.heading >= 0 && s.heading < 2 * Math.PI);
    }
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
    const view = DEFAULT_VIEW;
    assert.deepEqual(decodeJoinOptions(undefined), { ok: true, value: { name: "Player", mode: "ffa", private: false, view } });
    assert.deepEqual(decodeJoinOptions({ name: " Zed ", mode: "teams", private: true }), { ok: true, value: { name: "Zed", mode: "teams", private: true, view } });
    assert.deepEqual(decodeJoinOptions({ name: "\u0007" }), { ok: true, value: { name: "Player", mode: "ffa", private: false, view } });
    assert.deepEqual(decodeJoinOptions({ view: { width: 860, height: 1861.4 } }), { ok: true, value: { name: "Player", mode: "ffa", private: false, view: { width: 860, height: 1861 } } });
    assert.deepEqual(decodeJoinOptions({ view: "big" }), { ok: false, error: "bad_view" });
    assert.deepEqual(decodeJoinOptions({ private: "yes" }), { ok: false, error: "bad_private" });
    assert.deepEqual(decodeJoinOptions({ name: 5 }), { ok: false, error: "bad_name" });
    assert.deepEqual(decodeJoinOptions({ name: "x".repeat(1000) }), { ok: false, error: "bad_name" });
    assert.deepEqual(decodeJoinOptions({ mode: "battle-royale" }), { ok: false, error: "bad_mode" });
    assert.deepEqual(decodeJoinOptions([1]), { ok: false, error: "options_not_object" });
  });
});

describe("view sizes", () => {
  it("are two finite numbers, each side clamped so no client can ask for the whole arena", () => {
    assert.deepEqual(decodeViewSize({ width: 1530, height: 860 }), { ok: true, value: { width: 1530, height: 860 } });
    assert.deepEqual(decodeViewSize({ width: 1e9, height: 1 }), { ok: true, value: { width: MAX_VIEW_SIDE_U, height: VIEW_SPAN_U / 2 } });
    for (const bad of [null, 5, [], {}, { width: 100 }, { width: NaN, height: 100 }, { width: 100, height: Infinity }, { width: "1", height: 1 }]) {
      assert.deepEqual(decodeViewSize(bad), { ok: false, error: "bad_view" });
    }
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
