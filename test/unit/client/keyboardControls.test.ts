import assert from "node:assert/strict";
import { Control } from "../../../client/src/input/controls.ts";
import { KeyboardControls } from "../../../client/src/input/KeyboardControls.ts";

const key = (type: "keydown" | "keyup", code: string, modifiers: Partial<Record<"ctrlKey" | "altKey" | "metaKey", boolean>> = {}) =>
  Object.assign(new Event(type, { cancelable: true }), { code, ctrlKey: false, altKey: false, metaKey: false, ...modifiers });

describe("KeyboardControls", () => {
  it("tracks held controls and keeps one held while any of its keys is", () => {
    const target = new EventTarget();
    const keyboard = new KeyboardControls(target);
    target.dispatchEvent(key("keydown", "KeyW"));
    target.dispatchEvent(key("keydown", "ArrowUp"));
    target.dispatchEvent(key("keydown", "KeyD"));
    assert.deepEqual([...keyboard.held].sort(), [Control.RIGHT, Control.UP].sort());
    target.dispatchEvent(key("keyup", "KeyW"));
    assert.ok(keyboard.held.has(Control.UP), "ArrowUp still holds UP");
    target.dispatchEvent(key("keyup", "ArrowUp"));
    assert.deepEqual([...keyboard.held], [Control.RIGHT]);
    keyboard.dispose();
  });

  it("keeps the page from scrolling on game keys, but leaves shortcuts and other keys alone", () => {
    const target = new EventTarget();
    const keyboard = new KeyboardControls(target);
    const space = key("keydown", "Space");
    target.dispatchEvent(space);
    assert.ok(space.defaultPrevented);
    const other = key("keydown", "KeyQ");
    target.dispatchEvent(other);
    assert.ok(!other.defaultPrevented);
    const shortcut = key("keydown", "KeyD", { ctrlKey: true });
    target.dispatchEvent(shortcut);
    assert.ok(!shortcut.defaultPrevented);
    assert.deepEqual([...keyboard.held], [Control.FIRE]);
    keyboard.dispose();
  });

  it("forgets every key when the window loses focus, and stops listening once disposed", () => {
    const target = new EventTarget();
    const keyboard = new KeyboardControls(target);
    target.dispatchEvent(key("keydown", "KeyA"));
    target.dispatchEvent(new Event("blur"));
    assert.equal(keyboard.held.size, 0);
    keyboard.dispose();
    target.dispatchEvent(key("keydown", "KeyA"));
    assert.equal(keyboard.held.size, 0);
  });

  it("ignores keys typed into a text field, such as the chat line", () => {
    const globals = globalThis as { HTMLElement?: unknown };
    const saved = globals.HTMLElement;
    class FakeElement extends EventTarget { isContentEditable = false; constructor(readonly tagName: string) { super(); } }
    globals.HTMLElement = FakeElement;
    try {
      const chatLine = new FakeElement("INPUT");
      const keyboard = new KeyboardControls(chatLine);
      const typed = key("keydown", "KeyW");
      chatLine.dispatchEvent(typed);
      assert.equal(keyboard.held.size, 0, "typing a w is not moving up");
      assert.ok(!typed.defaultPrevented, "the letter reaches the field");
      keyboard.dispose();
    } finally {
      globals.HTMLElement = saved;
    }
  });
});
