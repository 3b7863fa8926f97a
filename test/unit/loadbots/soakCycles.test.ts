import assert from "node:assert/strict";
import { DEFAULT_CYCLE_TOLERANCES, judgeCycles, settledMemory, type CycleMemory } from "../../../loadbots/soakCycles.ts";

const MiB = 2 ** 20;
const after = (rssMiB: number, heapMiB = 30): CycleMemory => ({ rssBytes: rssMiB * MiB, heapUsedBytes: heapMiB * MiB });
/** One process: its level after each cycle. */
const oneProcess = (...cycles: CycleMemory[]) => cycles.map((c) => [c]);
const failed = (checks: ReturnType<typeof judgeCycles>) => checks.filter((c) => !c.passed).map((c) => c.name);

describe("soak cycles: memory after each cycle against the first", () => {
  it("judges nothing with a single cycle", () => {
    assert.deepEqual(judgeCycles(["p1"], oneProcess(after(150)), DEFAULT_CYCLE_TOLERANCES), []);
  });

  it("passes memory kept after the first load (a high-water mark), however far above the start it is", () => {
    // Started at ~85 MiB, kept 180 after the first cycle; later cycles reuse it.
    const checks = judgeCycles(["p1"], oneProcess(after(180, 30), after(186, 33), after(179, 29)), DEFAULT_CYCLE_TOLERANCES);
    assert.deepEqual(checks.map((c) => [c.name, c.start, c.end, c.limit, c.passed]), [
      ["RSS after cycles 2–3 vs after cycle 1 (MiB)", 180, "186, 179", "≤ 198", true],
      ["heap used after cycles 2–3 vs after cycle 1 (MiB)", 30, "33, 29", "≤ 38", true],
    ]);
  });

  it("fails memory that grows cycle over cycle, and says it rose with every cycle", () => {
    const leaking = judgeCycles(["p1"], oneProcess(after(180), after(192), after(204), after(216)), DEFAULT_CYCLE_TOLERANCES);
    assert.deepEqual(failed(leaking), ["RSS after cycles 2–4 vs after cycle 1 (MiB)"]);
    assert.match(leaking[0].note ?? "", /rose with every cycle/);
    // A heap leak fails the heap check alone (8 MiB or 10% over the first: 38 MiB here).
    const heap = judgeCycles(["p1"], oneProcess(after(180, 30), after(181, 35), after(182, 40)), DEFAULT_CYCLE_TOLERANCES);
    assert.deepEqual(failed(heap), ["heap used after cycles 2–3 vs after cycle 1 (MiB)"]);
  });

  it("allows the larger of the two tolerances: 16 MiB, or 10% of a big process", () => {
    assert.equal(failed(judgeCycles(["p1"], oneProcess(after(100), after(116)), DEFAULT_CYCLE_TOLERANCES)).length, 0);
    assert.equal(failed(judgeCycles(["p1"], oneProcess(after(100), after(116.5)), DEFAULT_CYCLE_TOLERANCES)).length, 1);
    assert.equal(failed(judgeCycles(["p1"], oneProcess(after(400), after(439)), DEFAULT_CYCLE_TOLERANCES)).length, 0);
    assert.equal(failed(judgeCycles(["p1"], oneProcess(after(400), after(441)), DEFAULT_CYCLE_TOLERANCES)).length, 1);
    // A one-off rise that does not keep growing still fails when it passes the limit: no note then.
    const spike = judgeCycles(["p1"], oneProcess(after(100), after(130), after(110)), DEFAULT_CYCLE_TOLERANCES);
    assert.deepEqual([spike[0].passed, spike[0].note], [false, undefined]);
  });

  it("says when a failing cycle's settle had no full GC (its garbage was still held)", () => {
    const [rss] = judgeCycles(["p1"], oneProcess(after(100), { ...after(120), fullGc: false }), DEFAULT_CYCLE_TOLERANCES);
    assert.equal(rss.passed, false);
    assert.match(rss.note ?? "", /no full GC ran after cycle 2 within --settle/);
    assert.equal(judgeCycles(["p1"], oneProcess(after(100), { ...after(110), fullGc: false }), DEFAULT_CYCLE_TOLERANCES)[0].note, undefined, "no note on a pass");
  });

  it("judges each process on its own, and fails a process not read after a cycle", () => {
    const checks = judgeCycles(["p1", "p2"], [[after(150), after(140)], [after(151), null]], DEFAULT_CYCLE_TOLERANCES);
    assert.deepEqual(checks.map((c) => [c.process, c.passed, c.end]), [
      ["p1", true, "151"], ["p1", true, "30"], ["p2", false, "not read"], ["p2", false, "not read"],
    ]);
    const unreadFirst = judgeCycles(["p1"], [[null], [after(150)]], DEFAULT_CYCLE_TOLERANCES);
    assert.deepEqual(unreadFirst.map((c) => [c.start, c.passed]), [["not read", false], ["not read", false]]);
  });

  it("takes what a cycle settled to as each measure's lowest reading once the bots left", () => {
    assert.deepEqual(settledMemory([after(190, 45), null, after(185, 52), after(187, 28)]), after(185, 28));
    assert.equal(settledMemory([null]), null);
  });
});
