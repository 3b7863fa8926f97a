import assert from "node:assert/strict";
import { TICK_HZ } from "../../../shared/constants.ts";
import { isPatchTick } from "../../../shared/protocol.ts";

describe("patch cadence", () => {
  it("sends the configured number of patches a second, spread evenly over the ticks", () => {
    for (const hz of [1, 10, 15, 20, 30]) {
      const ticks = Array.from({ length: TICK_HZ * 10 }, (_, i) => i + 1).filter((tick) => isPatchTick(tick, hz));
      assert.equal(ticks.length, hz * 10, `${hz} Hz`);
      const gaps = ticks.slice(1).map((tick, i) => tick - ticks[i]);
      assert.ok(Math.max(...gaps) - Math.min(...gaps) <= 1, `${hz} Hz: gaps of ${[...new Set(gaps)]} ticks`);
    }
  });
});
