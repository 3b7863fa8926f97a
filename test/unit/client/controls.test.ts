import assert from "node:assert/strict";
import { Button } from "../../../shared/sim/types.ts";
import { aimAngle, Control, controlForKey, frameFromControls } from "../../../client/src/input/controls.ts";

const frame = (held: Control[], aim = 0, pointerFiring = false) => frameFromControls({ held: new Set(held), aim, pointerFiring });

describe("client controls → input frame", () => {
  it("binds WASD and the arrows by physical key, space to fire, either Shift to dash", () => {
    assert.equal(controlForKey("KeyW"), Control.UP);
    assert.equal(controlForKey("ArrowUp"), Control.UP);
    assert.equal(controlForKey("KeyA"), Control.LEFT);
    assert.equal(controlForKey("ArrowLeft"), Control.LEFT);
    assert.equal(controlForKey("KeyS"), Control.DOWN);
    assert.equal(controlForKey("ArrowDown"), Control.DOWN);
    assert.equal(controlForKey("KeyD"), Control.RIGHT);
    assert.equal(controlForKey("ArrowRight"), Control.RIGHT);
    assert.equal(controlForKey("Space"), Control.FIRE);
    assert.equal(controlForKey("ShiftLeft"), Control.DASH);
    assert.equal(controlForKey("ShiftRight"), Control.DASH);
    assert.equal(controlForKey("KeyQ"), undefined);
    assert.equal(controlForKey("toString"), undefined, "no prototype keys");
  });

  it("turns held directions into -1/0/1 axes, y pointing down the screen", () => {
    assert.deepEqual(frame([]), { mx: 0, my: 0, aim: 0, buttons: 0 });
    assert.deepEqual(frame([Control.RIGHT]), { mx: 1, my: 0, aim: 0, buttons: 0 });
    assert.deepEqual(frame([Control.LEFT, Control.UP]), { mx: -1, my: -1, aim: 0, buttons: 0 });
    assert.deepEqual(frame([Control.DOWN]), { mx: 0, my: 1, aim: 0, buttons: 0 });
  });

  it("cancels opposite directions", () => {
    assert.deepEqual(frame([Control.LEFT, Control.RIGHT, Control.UP, Control.DOWN]), { mx: 0, my: 0, aim: 0, buttons: 0 });
  });

  it("sets FIRE from space or the mouse, DASH from shift, and carries the aim", () => {
    assert.equal(frame([Control.FIRE]).buttons, Button.FIRE);
    assert.equal(frame([], 1.25, true).buttons, Button.FIRE);
    assert.equal(frame([Control.DASH]).buttons, Button.DASH);
    assert.equal(frame([Control.DASH, Control.FIRE], 0, true).buttons, Button.FIRE | Button.DASH);
    assert.equal(frame([], 1.25).aim, 1.25);
    assert.equal(frame([], Number.NaN).aim, 0, "never sends a non-finite aim");
  });

  it("writes into the frame it is given", () => {
    const out = { mx: 9, my: 9, aim: 9, buttons: 9 };
    assert.equal(frameFromControls({ held: new Set([Control.UP]), aim: 0.5, pointerFiring: false }, out), out);
    assert.deepEqual(out, { mx: 0, my: -1, aim: 0.5, buttons: 0 });
  });

  it("aims from the player toward the pointer, keeping the last aim when they coincide", () => {
    assert.equal(aimAngle(100, 100, 200, 100, 3), 0);
    assert.equal(aimAngle(100, 100, 100, 200, 3), Math.PI / 2);
    assert.equal(aimAngle(100, 100, 0, 100, 3), Math.PI);
    assert.equal(aimAngle(100, 100, 100, 100, 3), 3);
  });
});
