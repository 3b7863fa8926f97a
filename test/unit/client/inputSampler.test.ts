import assert from "node:assert/strict";
import { STEP_MS } from "../../../shared/constants.ts";
import { Button, type InputLike } from "../../../shared/sim/types.ts";
import { Control } from "../../../client/src/input/controls.ts";
import { FixedStepClock } from "../../../client/src/input/FixedStepClock.ts";
import { InputSampler, type InputChannel } from "../../../client/src/input/InputSampler.ts";

/** Records every frame sent, as the SDK's input handle would put it on the wire. */
function fakeChannel(): InputChannel & { sent: InputLike[] } {
  const data = { mx: 0, my: 0, aim: 0, buttons: 0 };
  const sent: InputLike[] = [];
  return { data, sent, send: () => { sent.push({ ...data }); } };
}

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

describe("InputSampler", () => {
  it("sends exactly one frame per fixed tick with the current controls", () => {
    const channel = fakeChannel();
    const sampler = new InputSampler(channel);
    const controls = { held: new Set([Control.RIGHT]), aim: 0.75, pointerFiring: true };
    let sent = 0;
    for (let i = 0; i < 120; i++) sent += sampler.update(1000 / 120, controls); // one second at 120 Hz
    assert.equal(sent, 30);
    assert.equal(channel.sent.length, 30);
    for (const frame of channel.sent) assert.deepEqual(frame, { mx: 1, my: 0, aim: 0.75, buttons: Button.FIRE });
  });

  it("sends nothing before a tick has elapsed, and at most the cap after a stall", () => {
    const channel = fakeChannel();
    const sampler = new InputSampler(channel, 4);
    const idle = { held: new Set<Control>(), aim: 0, pointerFiring: false };
    assert.equal(sampler.update(STEP_MS / 2, idle), 0);
    assert.equal(channel.sent.length, 0);
    assert.equal(sampler.update(5000, idle), 4);
    assert.equal(channel.sent.length, 4);
  });

  it("reflects releases on the next tick", () => {
    const channel = fakeChannel();
    const sampler = new InputSampler(channel);
    const held = new Set<Control>([Control.UP, Control.DASH]);
    sampler.update(STEP_MS, { held, aim: 0, pointerFiring: false });
    held.clear();
    sampler.update(STEP_MS, { held, aim: 0, pointerFiring: false });
    assert.deepEqual(channel.sent, [
      { mx: 0, my: -1, aim: 0, buttons: Button.DASH },
      { mx: 0, my: 0, aim: 0, buttons: 0 },
    ]);
  });
});
