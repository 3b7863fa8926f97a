import assert from "node:assert/strict";
import { MAX_REWIND_TICKS, MAX_SHOT_ADVANCE_TICKS, TICK_HZ } from "../../../shared/constants.ts";
import { encodeViewTick } from "../../../shared/protocol.ts";
import { HISTORY_TICKS, PositionHistory, shotTimeline } from "../../../server/game/lagCompensation.ts";

describe("lag compensation: shot timeline", () => {
  it("claims nothing without a view, or with a view from the future", () => {
    const none = { rewindTicks: 0, advanceTicks: 0, beyondTicks: 0 };
    assert.deepEqual(shotTimeline(1000, undefined), none);
    assert.deepEqual(shotTimeline(1000, 0), none);
    assert.deepEqual(shotTimeline(1000, encodeViewTick(1002)), none);
  });

  it("rewinds as far as the shooter's view lagged, up to the limit, then advances the shot", () => {
    assert.deepEqual(shotTimeline(1000, encodeViewTick(996.5)), { rewindTicks: 3.5, advanceTicks: 0, beyondTicks: 0 });
    const over = shotTimeline(1000, encodeViewTick(1000 - MAX_REWIND_TICKS - 1.5));
    assert.equal(over.advanceTicks, 2);
    assert.equal(over.rewindTicks + over.advanceTicks, MAX_REWIND_TICKS + 1.5, "together they cover the whole lag");
    assert.ok(over.rewindTicks <= MAX_REWIND_TICKS);
    const capped = shotTimeline(1000, encodeViewTick(900));
    assert.deepEqual(capped, { rewindTicks: MAX_REWIND_TICKS, advanceTicks: MAX_SHOT_ADVANCE_TICKS, beyondTicks: 100 - MAX_REWIND_TICKS - MAX_SHOT_ADVANCE_TICKS }, "a client cannot claim more");
  });

  it("reads view ticks across the 16-bit wrap", () => {
    const tick = 8192 * 3 + 5; // just past a wrap of the 1/8-tick counter
    assert.deepEqual(shotTimeline(tick, encodeViewTick(tick - 7)), { rewindTicks: 6, advanceTicks: 1, beyondTicks: 0 });
  });
});

describe("lag compensation: position history", () => {
  it("interpolates between recorded steps", () => {
    const history = new PositionHistory(TICK_HZ); // a patch every tick
    history.record("a", 10, 100, 200);
    history.record("a", 11, 110, 180);
    const out = { x: 0, y: 0 };
    assert.equal(history.at("a", 10.25, out), true);
    assert.deepEqual(out, { x: 102.5, y: 195 });
    assert.equal(history.at("a", 11, out), true);
    assert.deepEqual(out, { x: 110, y: 180 });
  });

  it("knows nothing of unrecorded steps (dead, respawned) or of steps too old", () => {
    const history = new PositionHistory(TICK_HZ);
    history.record("a", 10, 100, 200);
    history.record("a", 12, 500, 500); // not recorded at 11: dead, then respawned elsewhere
    const out = { x: 0, y: 0 };
    assert.equal(history.at("a", 11, out), false);
    assert.equal(history.at("a", 10.5, out), false, "never interpolates across a respawn");
    assert.equal(history.at("b", 10, out), false);
    for (let t = 13; t < 13 + HISTORY_TICKS; t++) history.record("a", t, 0, 0);
    assert.equal(history.at("a", 12, out), false, "overwritten");
  });

  it("reads the past between patch ticks, as clients drew it: a turn between two patches is a cut corner", () => {
    const history = new PositionHistory(20); // patches after ticks 2, 3, 5, 6, 8, 9, …
    // Walking right, then down from tick 7 on (tick 7 carries no patch).
    const path: Record<number, [number, number]> = { 5: [100, 100], 6: [110, 100], 7: [120, 100], 8: [120, 110], 9: [120, 120] };
    for (const [tick, [x, y]] of Object.entries(path)) history.record("a", Number(tick), x, y);
    const out = { x: 0, y: 0 };
    assert.equal(history.at("a", 7, out), true);
    assert.deepEqual(out, { x: 115, y: 105 }, "halfway between the patches of ticks 6 and 8, not the corner at tick 7");
    assert.equal(history.at("a", 8.5, out), true);
    assert.deepEqual(out, { x: 120, y: 115 });
  });

  it("falls back to the steps when the next patch is not out yet", () => {
    const history = new PositionHistory(20);
    history.record("a", 9, 100, 100);
    history.record("a", 10, 110, 100); // tick 11 is the next patch, still to come
    const out = { x: 0, y: 0 };
    assert.equal(history.at("a", 9.5, out), true);
    assert.deepEqual(out, { x: 105, y: 100 });
  });
});
