import assert from "node:assert/strict";
import { LOW_END_FPS, LowEndMode, lowEndRequested } from "../../../client/src/view/LowEndMode.ts";

/** Renders `seconds` of frames at `fps` from `start` (ms); returns the time reached and whether a frame turned the mode on. */
function render(mode: LowEndMode, fps: number, seconds: number, start: number): { at: number; turnedOn: boolean } {
  let at = start, turnedOn = false;
  for (let i = 0; i < fps * seconds; i++) {
    at += 1000 / fps;
    if (mode.frame(at)) turnedOn = true;
  }
  return { at, turnedOn };
}

describe("LowEndMode", () => {
  it("is forced by ?lowend=1, and only by that", () => {
    assert.equal(lowEndRequested("?lowend=1"), true);
    assert.equal(lowEndRequested("?lag=150&lowend=true"), true);
    assert.equal(lowEndRequested("?lowend=0"), false);
    assert.equal(lowEndRequested(""), false);
    const forced = new LowEndMode(true);
    assert.deepEqual(forced.readout(), { on: true, reason: "forced", fps: null });
    assert.match(forced.describe()!, /lowend=1/);
  });

  it("turns on after a few seconds below the threshold, once", () => {
    const mode = new LowEndMode(false);
    let { at } = render(mode, 60, 5, 0);
    assert.equal(mode.on, false, "a smooth device keeps every effect");
    assert.ok(Math.abs(mode.fps! - 60) < 1);
    const slow = render(mode, LOW_END_FPS - 10, 2, at);
    assert.equal(mode.on, false, "two slow seconds are not enough");
    const on = render(mode, LOW_END_FPS - 10, 2, slow.at);
    assert.equal(on.turnedOn, true);
    assert.deepEqual(mode.readout(), { on: true, reason: "measured", fps: mode.fps });
    assert.ok(mode.fps! < LOW_END_FPS);
    assert.match(mode.describe()!, /fps/);
    at = render(mode, 60, 5, on.at).at;
    assert.equal(mode.on, true, "it stays on: effects coming and going would be worse");
    assert.equal(render(mode, 20, 5, at).turnedOn, false, "and it turns on only once");
  });

  it("forgives a short slow patch and a stall", () => {
    const mode = new LowEndMode(false);
    let at = render(mode, 60, 2, 0).at;
    for (let i = 0; i < 4; i++) {
      at = render(mode, 25, 2, at).at; // two slow seconds...
      at = render(mode, 60, 1.5, at).at; // ...then smooth again
    }
    assert.equal(mode.on, false);
    // A hidden tab draws nothing for a long while: one frame 10 s later is not a slow device.
    for (let i = 0; i < 5; i++) {
      at += 10_000;
      mode.frame(at);
      at = render(mode, 60, 0.5, at).at;
    }
    assert.equal(mode.on, false);
  });

  it("starts counting afresh for a new match", () => {
    const mode = new LowEndMode(false);
    const at = render(mode, 30, 2.5, 0).at;
    mode.resetWindow();
    render(mode, 30, 1.5, at);
    assert.equal(mode.on, false, "slow seconds before the reset do not add up with those after");
    const control = new LowEndMode(false);
    render(control, 30, 4, 0);
    assert.equal(control.on, true, "without the reset they would have");
  });
});
