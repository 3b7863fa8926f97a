import assert from "node:assert/strict";
import { Decoder, Encoder } from "@colyseus/schema";
import { ArenaState, PlayerState, ProjectileState } from "../../../shared/schema.ts";
import { snapAim, snapHeading, snapX, snapY } from "../../../shared/sim/quantize.ts";
import { createRng } from "../../../shared/sim/random.ts";

/** Encodes a full state and decodes it on a fresh instance, as a joining client would. */
function overTheWire(state: InstanceType<typeof ArenaState>) {
  const decoded = new ArenaState();
  new Decoder(decoded).decode(new Encoder(state).encode());
  return decoded;
}

describe("wire quantization", () => {
  it("the sim's snap functions equal what the schema stores and sends, bit for bit", () => {
    const rng = createRng(3);
    const state = new ArenaState();
    const expected: [number, number, number][] = [];
    for (let i = 0; i < 200; i++) {
      const x = rng.range(-50, 2450), y = rng.range(-50, 2450), aim = rng.range(-20, 20);
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

  it("snapping is idempotent and precise to 0.04 units", () => {
    const rng = createRng(4);
    for (let i = 0; i < 1000; i++) {
      const x = rng.range(0, 2400);
      assert.equal(snapX(snapX(x)), snapX(x));
      assert.ok(Math.abs(snapX(x) - x) <= 0.019);
    }
  });

  it("projectile headings survive the wire exactly", () => {
    const state = new ArenaState();
    const heading = snapHeading(2.3456);
    state.projectiles.set("1", new ProjectileState({ ownerId: "a", x0: 10, y0: 20, heading: 2.3456, spawnTick: 7 }));
    const shot = overTheWire(state).projectiles.get("1")!;
    assert.equal(shot.heading, heading);
    assert.equal(shot.x0, snapX(10));
  });

  it("NaN and infinities snap to a defined value on both sides", () => {
    assert.equal(snapX(NaN), 0);
    assert.equal(snapX(Infinity), 2400);
    assert.equal(snapHeading(NaN), 0);
    const p = new PlayerState();
    p.x = NaN;
    assert.equal(p.x, snapX(NaN));
  });
});
