import { isEditable } from "./isEditable.ts";
import { controlForKey, type Control } from "./controls.ts";

/**
 * Which game controls the keyboard holds. Listens on the window (not through Phaser's
 * key capture) so that text fields elsewhere on the page keep working.
 */
export class KeyboardControls {
  private readonly pressed = new Map<string, Control>();
  private readonly heldControls = new Set<Control>();
  /** When a control was last pressed or released (the event's timestamp, on performance.now()'s clock). */
  changedAt = 0;

  constructor(private readonly target: EventTarget) {
    target.addEventListener("keydown", this.onKeyDown as EventListener);
    target.addEventListener("keyup", this.onKeyUp as EventListener);
    // Keys released while the page is not focused never send keyup: forget them all.
    target.addEventListener("blur", this.clear);
  }

  get held(): ReadonlySet<Control> {
    return this.heldControls;
  }

  dispose(): void {
    this.target.removeEventListener("keydown", this.onKeyDown as EventListener);
    this.target.removeEventListener("keyup", this.onKeyUp as EventListener);
    this.target.removeEventListener("blur", this.clear);
    this.clear();
  }

  private readonly onKeyDown = (event: KeyboardEvent) => {
    // Typing in a text field (the chat line) is not playing.
    if (isEditable(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    const control = controlForKey(event.code);
    if (!control) return;
    event.preventDefault(); // no page scrolling on space and arrows
    if (!this.heldControls.has(control)) this.changedAt = event.timeStamp;
    this.pressed.set(event.code, control);
    this.heldControls.add(control);
  };

  private readonly onKeyUp = (event: KeyboardEvent) => {
    if (!this.pressed.delete(event.code)) return;
    this.changedAt = event.timeStamp;
    this.refresh();
  };

  private readonly clear = () => {
    this.pressed.clear();
    this.heldControls.clear();
  };

  /** A control stays held while any of its keys is (e.g. W and ArrowUp). */
  private refresh(): void {
    this.heldControls.clear();
    for (const control of this.pressed.values()) this.heldControls.add(control);
  }
}
