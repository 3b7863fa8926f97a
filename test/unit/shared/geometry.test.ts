import assert from "node:assert/strict";
import { segmentMeetsRect, segmentRectHitTime } from "../../../shared/sim/geometry.ts";
import { createRng } from "../../../shared/sim/random.ts";

describe("segment against rectangle", () => {
  it("segmentMeetsRect says yes exactly when segmentRectHitTime finds a time, axis-aligned and zero-length segments included", () => {
    const rng = createRng(31);
    const rect = { x: 100, y: 100, w: 200, h: 80 };
    let meets = 0;
    for (let i = 0; i < 20_000; i++) {
      const ax = rng.range(0, 400), ay = rng.range(0, 300);
      const kind = i % 4; // 0: any, 1: horizontal, 2: vertical, 3: a point
      const bx = kind === 2 || kind === 3 ? ax : rng.range(0, 400);
      const by = kind === 1 || kind === 3 ? ay : rng.range(0, 300);
      const pad = i % 2 === 0 ? 0 : 5;
      const expected = segmentRectHitTime(ax, ay, bx, by, rect, pad) >= 0;
      assert.equal(segmentMeetsRect(ax, ay, bx, by, rect, pad), expected, `(${ax}, ${ay}) → (${bx}, ${by}) pad ${pad}`);
      if (expected) meets++;
    }
    assert.ok(meets > 2000 && meets < 18_000, `both answers occur: ${meets} of 20000 meet`);
  });
});
