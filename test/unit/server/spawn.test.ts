import assert from "node:assert/strict";
import { SPAWN_SAFE_DISTANCE_U } from "../../../shared/constants.ts";
import { distanceSq } from "../../../shared/sim/geometry.ts";
import { createRng } from "../../../shared/sim/random.ts";
import { chooseSpawnPoint } from "../../../server/game/spawn.ts";

describe("chooseSpawnPoint", () => {
  const points = [{ x: 100, y: 100 }, { x: 1200, y: 1200 }, { x: 2300, y: 2300 }];
  it("avoids spawning near living enemies", () => {
    const rng = createRng(1);
    for (let i = 0; i < 50; i++) {
      const p = chooseSpawnPoint(points, [{ x: 150, y: 150 }, { x: 1150, y: 1250 }], rng);
      assert.deepEqual(p, { x: 2300, y: 2300 });
    }
  });
  it("falls back to the three farthest points when nothing is safe", () => {
    const near = [50, 100, 150, 200, 250].map((x) => ({ x, y: 0 }));
    const enemy = { x: 0, y: 0 };
    const rng = createRng(2);
    const chosen = new Set<number>();
    for (let i = 0; i < 100; i++) {
      const p = chooseSpawnPoint(near, [enemy], rng);
      assert.ok(distanceSq(p, enemy) < SPAWN_SAFE_DISTANCE_U ** 2);
      chosen.add(p.x);
    }
    assert.deepEqual([...chosen].sort((a, b) => a - b), [150, 200, 250]);
  });
});
