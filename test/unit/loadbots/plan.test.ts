import assert from "node:assert/strict";
import { botSeed, effectiveWorkers, planBots, wholeRooms, type PlanShape } from "../../../loadbots/plan.ts";

const shape = (over: Partial<PlanShape> = {}): PlanShape => ({ clients: 10, rooms: 3, seed: 1, rampPerSecond: 10, workers: 2, ...over });

describe("loadbots plan", () => {
  it("splits bots into exactly --rooms groups of near-equal size, each led by its first bot", () => {
    const plans = planBots(shape(), 0, 10);
    assert.deepEqual(plans.map((p) => p.group), [0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
    assert.deepEqual(plans.map((p) => p.role[0]), ["c", "j", "j", "j", "c", "j", "j", "c", "j", "j"]);
    const sizes = [0, 0, 0];
    for (const p of planBots(shape({ clients: 500, rooms: 31 }), 0, 500)) if (p.group < 3) sizes[p.group]++;
    assert.deepEqual(sizes, [17, 16, 16]);
  });

  it("keeps a room's bots in one worker and spreads rooms over workers", () => {
    const plans = planBots(shape(), 0, 10);
    assert.deepEqual(plans.map((p) => p.worker), [0, 0, 0, 0, 1, 1, 1, 0, 0, 0]);
    assert.equal(effectiveWorkers(shape({ rooms: 1, workers: 8 })), 1);
    assert.equal(effectiveWorkers(shape({ rooms: 0, clients: 3, workers: 8 })), 3);
  });

  it("uses joinOrCreate round-robin over workers with auto rooms", () => {
    const plans = planBots(shape({ rooms: 0, workers: 3 }), 0, 5);
    assert.deepEqual(plans.map((p) => [p.role, p.group, p.worker]), [
      ["joinOrCreate", -1, 0], ["joinOrCreate", -1, 1], ["joinOrCreate", -1, 2], ["joinOrCreate", -1, 0], ["joinOrCreate", -1, 1],
    ]);
  });

  it("spreads bots over several servers: round-robin for matchmaking, a group's room created on server group % targets", () => {
    assert.deepEqual(planBots(shape({ rooms: 0, targets: 3 }), 0, 5).map((p) => p.target), [0, 1, 2, 0, 1]);
    // Groups of 4, 3, 3: leaders 0, 4, 7 create on servers 0, 1, 0; the others join by id through their own.
    assert.deepEqual(planBots(shape({ targets: 2 }), 0, 10).map((p) => p.target), [0, 1, 0, 1, 1, 1, 0, 0, 0, 1]);
    assert.ok(planBots(shape(), 0, 10).every((p) => p.target === 0), "one server without targets");
  });

  it("schedules joins at the ramp rate from the given start, and continues a plan", () => {
    assert.deepEqual(planBots(shape({ rampPerSecond: 4 }), 0, 3).map((p) => p.joinAtMs), [0, 250, 500]);
    const later = planBots(shape({ rampPerSecond: 4 }), 8, 5, 10_000);
    assert.deepEqual(later.map((p) => [p.index, p.joinAtMs, p.name]), [[8, 10_000, "bot8"], [9, 10_250, "bot9"]]);
  });

  it("rounds a capacity step up to whole rooms", () => {
    const s = shape({ clients: 64, rooms: 4 }); // rooms of 16
    assert.deepEqual([0, 1, 16, 17, 50, 64, 70].map((n) => wholeRooms(n, s)), [0, 16, 16, 32, 64, 64, 64]);
    assert.equal(wholeRooms(7, shape({ rooms: 0 })), 7);
  });

  it("derives distinct, reproducible seeds per bot", () => {
    const seeds = planBots(shape({ clients: 1000, rooms: 0 }), 0, 1000).map((p) => p.seed);
    assert.equal(new Set(seeds).size, 1000);
    assert.equal(botSeed(1, 5), botSeed(1, 5));
    assert.notEqual(botSeed(1, 5), botSeed(2, 5));
    for (const s of seeds) assert.ok(Number.isInteger(s) && s >= 0 && s < 2 ** 32);
  });
});
