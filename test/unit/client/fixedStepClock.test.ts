import assert from "node:assert/strict";
import { STEP_MS } from "../../../shared/constants.ts";
import { FixedStepClock } from "../../../client/src/input/FixedStepClock.ts";

describe("FixedStepClock", () => {
  it("makes one step due per STEP_MS of frame time, carrying the remainder", () => {
    const clock = new FixedStepClock();
    // 60 Hz frames against a 30 Hz tick: a step every other frame.
    const steps = Array.from({ length: 60 }, () => clock.advance(1000 / 60));
    assert.equal(steps.reduce((a, b) => a + b, 0), 30);
    assert.ok(steps.every((n) => n <= 1));
  });

  it("sends several steps for a slow frame, capped after a stall", () => {
    const clock = new FixedStepClock(4);
    assert.equal(clock.advance(STEP_MS * 2.5), 2);
    assert.ok(Math.abs(clock.fraction - 0.5) < 1e-9);
    assert.equal(clock.advance(STEP_MS * 100), 4, "a long stall does not flood the server");
    assert.ok(clock.fraction < 1, "and the backlog is dropped");
  });

  it("ignores zero, negative and non-finite frame times", () => {
    const clock = new FixedStepClock();
    for (const delta of [0, -5, Number.NaN]) assert.equal(clock.advance(delta), 0);
    assert.equal(clock.fraction, 0);
  });
});

describe("FixedStepClock: a changed input goes out at once", () => {
  it("pulls the next step forward, counting the step from when the key went down", () => {
    const clock = new FixedStepClock();
    clock.advance(STEP_MS * 0.3);
    assert.equal(clock.pullForward(4), true);
    assert.ok(Math.abs(clock.fraction - 4 / STEP_MS) < 1e-9, "drawn from the keypress on");
    assert.equal(clock.pullForward(1), false, "one pull at a time, until it is paid back");
  });

  it("keeps one step per STEP_MS on average however often keys change", () => {
    const clock = new FixedStepClock();
    let steps = 0;
    const frames = 60 * 60; // a minute at 60 Hz, a key change every third frame
    for (let frame = 0; frame < frames; frame++) {
      let due = clock.advance(1000 / 60);
      if (due === 0 && frame % 3 === 0 && clock.pullForward(5)) due = 1;
      steps += due;
    }
    const expected = (frames * (1000 / 60)) / STEP_MS;
    assert.ok(steps <= expected + 1 && steps >= expected - 2, `${steps} steps, ${expected} expected`);
  });
});
