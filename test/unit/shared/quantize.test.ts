import assert from "node:assert/strict";
import { Decoder, Encoder, StateView } from "@colyseus/schema";
import { MAX_ARENA_SIZE_U } from "../../../shared/constants.ts";
import { ArenaState, NEAR_VIEW, PlayerState } from "../../../shared/schema.ts";
import { snapAim, snapHeading, snapX, snapY } from "../../../shared/sim/quantize.ts";
import { createRng } from "../../../shared/sim/random.ts";

/** The state as a client whose view holds every player's body decodes it. */
function overTheWire(state: InstanceType<typeof ArenaState>) {
  const encoder = new Encoder(state);
  const view = new StateView();
  state.players.forEach((p) => view.add(p, NEAR_VIEW));
  const it = { offset: 0 };
  encoder.encodeAll(it);
  const bytes = encoder.encodeAllView(view, it.offset, it);
  const decoded = new ArenaState();
  new Decoder(decoded).decode(bytes);
  return decoded;
}

describe("wire quantization", () => {
  it("the sim's snap functions equal what the schema stores and sends, bit for bit", () => {
    const rng = createRng(3);
    const state = new ArenaState();
    const expected: [number, number, number][] = [];
    for (let i = 0; i < 200; i++) {
      const x = rng.range(-50, MAX_ARENA_SIZE_U + 50), y = rng.range(-50, MAX_ARENA_SIZE_U + 50), aim = rng.range(-20, 20);
      const p = new PlayerState({ name: `p${i}` });
      p.x = x; p.y = y; p.aim = aim;
      assert.equal(p.x, snapX(x)); // in memory
      assert.equal(p.y, snapY(y));
      assert.equal(p.aim, snapAim(aim));
      state.players.set(String(i), p);
      expected.push([snapX(x), snapY(y), snapAim(aim)]);
    }
    const decoded = overTheWire(state);
    expected.forEach(([x, y, aim], i) => {
      const p = decoded.players.get(String(i))!;
      assert.deepEqual([p.x, p.y, p.aim], [x, y, aim]);
    });
  });

  it("snapping is idempotent and precise to half a step of 16 bits over the largest arena", () => {
    const rng = createRng(4);
    const halfStep = MAX_ARENA_SIZE_U / 65535 / 2;
    for (let i = 0; i < 1000; i++) {
      const x = rng.range(0, MAX_ARENA_SIZE_U);
      assert.equal(snapX(snapX(x)), snapX(x));
      assert.ok(Math.abs(snapX(x) - x) <= halfStep + 1e-9);
    }
  });

  it("NaN and infinities snap to a defined value on both sides", () => {
    assert.equal(snapX(NaN), 0);
    assert.equal(snapX(Infinity), MAX_ARENA_SIZE_U);
    assert.equal(snapHeading(NaN), 0);
    const p = new PlayerState();
    p.x = NaN;
    assert.equal(p.x, snapX(NaN));
  });
});
