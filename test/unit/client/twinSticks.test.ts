import assert from "node:assert/strict";
import { Button } from "../../../shared/sim/types.ts";
import { Control, frameFromControls } from "../../../client/src/input/controls.ts";
import { STICK_DEAD_ZONE, stickAim, stickDirections, stickVector, TwinSticks } from "../../../client/src/input/TwinSticks.ts";

const RADIUS = 60;
const sorted = (controls: Iterable<Control>) => [...controls].sort();
/** The input frame the sticks alone would send. */
const frameOf = (sticks: TwinSticks, aim = 0) => frameFromControls({ held: sticks.held, aim: sticks.aim ?? aim, pointerFiring: false });

describe("touch sticks → controls", () => {
  it("measures the thumb in stick radii, clamped to the rim", () => {
    assert.deepEqual(stickVector(30, 0, RADIUS), { x: 0.5, y: 0 });
    const rim = stickVector(300, 400, RADIUS);
    assert.ok(Math.abs(Math.hypot(rim.x, rim.y) - 1) < 1e-12, "past the rim is on the rim");
    assert.ok(Math.abs(rim.x - 0.6) < 1e-12 && Math.abs(rim.y - 0.8) < 1e-12, "in the thumb's direction");
    assert.deepEqual(stickVector(0, 0, RADIUS), { x: 0, y: 0 });
    assert.deepEqual(stickVector(5, 5, 0), { x: 0, y: 0 }, "a stick without size reads nothing");
  });

  it("reads eight directions, y down the screen, and nothing inside the dead zone", () => {
    const at = (degrees: number, length = 1) => {
      const r = (degrees * Math.PI) / 180;
      return sorted(stickDirections({ x: Math.cos(r) * length, y: Math.sin(r) * length }));
    };
    assert.deepEqual(at(0), [Control.RIGHT]);
    assert.deepEqual(at(45), sorted([Control.RIGHT, Control.DOWN]));
    assert.deepEqual(at(90), [Control.DOWN]);
    assert.deepEqual(at(135), sorted([Control.LEFT, Control.DOWN]));
    assert.deepEqual(at(180), [Control.LEFT]);
    assert.deepEqual(at(-135), sorted([Control.LEFT, Control.UP]));
    assert.deepEqual(at(-90), [Control.UP]);
    assert.deepEqual(at(-45), sorted([Control.RIGHT, Control.UP]));
    // Sector edges at ±22.5° around each direction.
    assert.deepEqual(at(22), [Control.RIGHT]);
    assert.deepEqual(at(23), sorted([Control.RIGHT, Control.DOWN]));
    assert.deepEqual(at(-158), [Control.LEFT]);
    assert.deepEqual(at(90, STICK_DEAD_ZONE * 0.9), [], "a resting thumb does not creep");
    assert.deepEqual(at(90, STICK_DEAD_ZONE * 1.1), [Control.DOWN]);
  });

  it("aims where the aim stick points, and only out of its dead zone", () => {
    assert.equal(stickAim({ x: 0, y: 1 }), Math.PI / 2);
    assert.equal(stickAim({ x: -0.5, y: 0 }), Math.PI);
    assert.equal(stickAim({ x: 0.1, y: 0.1 }), null);
  });
});

describe("TwinSticks", () => {
  it("moves and fires with both sticks at once, through the same input frame as the keys", () => {
    const sticks = new TwinSticks();
    assert.equal(sticks.press("move", 1, 0, -50, RADIUS, 100), true);
    assert.equal(sticks.press("aim", 2, 40, 0, RADIUS, 120), true);
    assert.deepEqual(sorted(sticks.held), sorted([Control.UP, Control.FIRE]));
    assert.equal(sticks.aim, 0);
    assert.deepEqual(frameOf(sticks), { mx: 0, my: -1, aim: 0, buttons: Button.FIRE });

    // Each finger drives its own stick.
    assert.equal(sticks.drag(1, -50, -50, RADIUS, 130), "move");
    assert.equal(sticks.drag(2, 0, 45, RADIUS, 140), "aim");
    assert.deepEqual(frameOf(sticks), { mx: -1, my: -1, aim: Math.PI / 2, buttons: Button.FIRE });
    assert.equal(sticks.drag(7, 50, 0, RADIUS, 150), null, "a finger on neither stick moves nothing");
  });

  it("keeps the aim when the aim stick is let go, and stops firing", () => {
    const sticks = new TwinSticks();
    assert.equal(sticks.aim, null, "no aim before the stick is first pushed");
    sticks.press("aim", 3, -30, 0, RADIUS, 10);
    assert.equal(sticks.release(3, 20), "aim");
    assert.equal(sticks.aim, Math.PI);
    assert.equal(sticks.held.size, 0);
    assert.deepEqual(sticks.thumbs.aim, { x: 0, y: 0 }, "the knob goes back to the centre");
    sticks.press("aim", 4, 5, 0, RADIUS, 30);
    assert.equal(sticks.aim, Math.PI, "a touch inside the dead zone keeps the aim");
    assert.equal(sticks.held.size, 0, "and does not fire");
  });

  it("ignores a second finger on a held stick", () => {
    const sticks = new TwinSticks();
    sticks.press("move", 1, 50, 0, RADIUS, 0);
    assert.equal(sticks.press("move", 2, -50, 0, RADIUS, 5), false);
    assert.deepEqual([...sticks.held], [Control.RIGHT]);
    assert.equal(sticks.release(2, 6), null);
    assert.deepEqual([...sticks.held], [Control.RIGHT]);
  });

  it("dashes while the dash button is held", () => {
    const sticks = new TwinSticks();
    sticks.setDash(true, 50);
    assert.equal(frameOf(sticks).buttons, Button.DASH);
    sticks.setDash(false, 60);
    assert.equal(frameOf(sticks).buttons, 0);
  });

  it("stamps a change of held controls, not a thumb moving within the same direction", () => {
    const sticks = new TwinSticks();
    sticks.press("move", 1, 50, 0, RADIUS, 100);
    assert.equal(sticks.changedAt, 100);
    sticks.drag(1, 55, 5, RADIUS, 110);
    assert.equal(sticks.changedAt, 100, "still RIGHT: the step need not come early");
    sticks.drag(1, 50, 50, RADIUS, 120);
    assert.equal(sticks.changedAt, 120, "RIGHT and DOWN: a new intent from this moment");
    sticks.press("aim", 2, 0, 50, RADIUS, 130);
    assert.equal(sticks.changedAt, 130, "firing starts");
    sticks.drag(2, 50, 0, RADIUS, 140);
    assert.equal(sticks.changedAt, 130, "turning the aim is not a key change");
  });

  it("lets everything go at once", () => {
    const sticks = new TwinSticks();
    sticks.press("move", 1, 0, 50, RADIUS, 0);
    sticks.press("aim", 2, 0, 50, RADIUS, 0);
    sticks.setDash(true, 0);
    sticks.clear(10);
    assert.equal(sticks.held.size, 0);
    assert.equal(sticks.changedAt, 10);
    assert.equal(sticks.press("move", 3, 0, 50, RADIUS, 20), true, "the sticks are free again");
  });
});
