import assert from "node:assert/strict";
import { TickWheel, type WheelFire } from "../../../loadbots/tickWheel.ts";

describe("loadbots tick wheel", () => {
  it("fires its slots in turn, one full turn per input tick", async () => {
    const fires: WheelFire[] = [];
    const wheel = new TickWheel(20, 4, (f) => fires.push(f));
    wheel.start();
    await new Promise((resolve) => setTimeout(resolve, 130));
    wheel.stop();
    const count = fires.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(fires.length, count, "fired after stop()");
    assert.ok(count >= 8, `only ${count} fires`);
    fires.slice(0, 8).forEach((f, i) => assert.deepEqual([f.slot, f.tick], [i % 4, Math.floor(i / 4)]));
  });

  it("skips the fires it missed by more than a period instead of bursting", async () => {
    let now = 0;
    const fires: WheelFire[] = [];
    let wheel: TickWheel;
    const done = new Promise<void>((resolve) => {
      wheel = new TickWheel(40, 4, (f) => {
        fires.push(f);
        now += fires.length === 2 ? 400 : 10; // the second fire stalls the worker for 400 ms
        if (fires.length === 4) { wheel.stop(); resolve(); }
      }, () => now);
    });
    wheel!.start();
    await done;
    assert.deepEqual(fires.map((f) => [f.slot, f.tick, f.lateMs]), [[0, 0, 0], [1, 0, 0], [1, 10, 0], [2, 10, 0]]);
    assert.equal(wheel!.skipped, 39);
  });
});
