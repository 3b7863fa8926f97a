import { byId } from "../ui/dom.ts";
import type { Control } from "./controls.ts";
import { TwinSticks, type Stick, type StickVector } from "./TwinSticks.ts";

/** What the sticks show, for the test hook. */
export interface TouchReadout {
  /** The sticks are on screen. */
  shown: boolean;
  /** The latest pointer was a finger: the aim stick aims, not the mouse. */
  inUse: boolean;
  move: StickVector;
  aim: StickVector;
  /** The aim stick's latest direction (radians); null until first pushed. */
  aimAngle: number | null;
  held: Control[];
}

interface Grip {
  stick: Stick;
  centreX: number;
  centreY: number;
  radius: number;
}

/**
 * The twin sticks and the dash button on a touch screen, as HTML over the game: pointer events
 * in, TwinSticks state out, knobs drawn where the thumbs are. They appear in a match when the
 * pointer is coarse (a phone, a tablet) or once the screen is touched (a laptop's touchscreen);
 * from then on the page has the `touch` class, which also lays out the HUD around them.
 */
export class TouchControls {
  readonly sticks = new TwinSticks();
  /** The latest pointer was a finger: the scene then aims with the stick, not the mouse. */
  inUse: boolean;
  private touchSeen: boolean;
  private attached = false;
  /** Put away while nothing can be played (the results). */
  private suspended = false;
  private readonly root: HTMLElement;
  private readonly stickElements: Record<Stick, { base: HTMLElement; knob: HTMLElement }>;
  private readonly dashButton: HTMLElement;
  private readonly grips = new Map<number, Grip>();

  constructor(private readonly doc: Document) {
    const view = doc.defaultView;
    this.root = byId(doc, "touch-controls", HTMLElement);
    const stick = (id: string) => {
      const base = byId(doc, id, HTMLElement);
      const knob = base.querySelector<HTMLElement>(".stick__knob");
      if (!knob) throw new Error(`#${id} has no .stick__knob in index.html`);
      return { base, knob };
    };
    this.stickElements = { move: stick("move-stick"), aim: stick("aim-stick") };
    this.dashButton = byId(doc, "dash-button", HTMLElement);
    this.touchSeen = view?.matchMedia?.("(pointer: coarse)").matches === true;
    this.inUse = this.touchSeen;
    doc.body.classList.toggle("touch", this.touchSeen);

    for (const name of ["move", "aim"] as const) {
      const { base } = this.stickElements[name];
      base.addEventListener("pointerdown", (event) => this.onStickDown(name, event));
      base.addEventListener("pointermove", this.onStickMove);
      for (const type of ["pointerup", "pointercancel", "lostpointercapture"]) base.addEventListener(type, this.onStickUp as EventListener);
    }
    this.dashButton.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      this.dashButton.setPointerCapture?.(event.pointerId);
      this.sticks.setDash(true, event.timeStamp);
      this.dashButton.classList.add("dash-button--held");
    });
    for (const type of ["pointerup", "pointercancel", "lostpointercapture"]) {
      this.dashButton.addEventListener(type, (event) => {
        this.sticks.setDash(false, event.timeStamp);
        this.dashButton.classList.remove("dash-button--held");
      });
    }
    // Which kind of pointer the player uses now: a finger, or a mouse (or pen) that aims itself.
    view?.addEventListener("pointerdown", this.onAnyPointer, { capture: true, passive: true });
    view?.addEventListener("pointermove", this.onAnyPointer, { capture: true, passive: true });
    view?.addEventListener("blur", () => this.release());
  }

  /** Whether the page lays the HUD out around the sticks: in a match, on a touch screen. */
  get shown(): boolean {
    return this.attached && this.touchSeen;
  }

  /** For a match: the sticks show on a touch screen. */
  attach(): void {
    this.attached = true;
    this.suspended = false;
    this.refreshShown();
  }

  detach(): void {
    this.attached = false;
    this.refreshShown();
    this.release();
  }

  /** Puts the sticks away while nothing can be played (the results), and back. */
  setSuspended(suspended: boolean): void {
    if (suspended === this.suspended) return;
    this.suspended = suspended;
    this.refreshShown();
    if (suspended) this.release();
  }

  readout(): TouchReadout {
    const { thumbs, aim, held } = this.sticks;
    return { shown: this.shown, inUse: this.inUse, move: { ...thumbs.move }, aim: { ...thumbs.aim }, aimAngle: aim, held: [...held] };
  }

  private readonly onAnyPointer = (event: PointerEvent) => {
    this.inUse = event.pointerType === "touch";
    if (!this.inUse || this.touchSeen) return;
    this.touchSeen = true;
    this.doc.body.classList.add("touch");
    this.refreshShown();
  };

  private refreshShown(): void {
    this.root.hidden = !this.shown || this.suspended;
  }

  private onStickDown(stick: Stick, event: PointerEvent): void {
    event.preventDefault();
    const { base } = this.stickElements[stick];
    const rect = base.getBoundingClientRect();
    const grip = { stick, centreX: rect.left + rect.width / 2, centreY: rect.top + rect.height / 2, radius: rect.width / 2 };
    if (!this.sticks.press(stick, event.pointerId, event.clientX - grip.centreX, event.clientY - grip.centreY, grip.radius, event.timeStamp)) return;
    this.grips.set(event.pointerId, grip);
    base.setPointerCapture?.(event.pointerId);
    base.classList.add("stick--held");
    this.drawKnob(stick, grip.radius);
  }

  private readonly onStickMove = (event: PointerEvent) => {
    const grip = this.grips.get(event.pointerId);
    if (!grip) return;
    this.sticks.drag(event.pointerId, event.clientX - grip.centreX, event.clientY - grip.centreY, grip.radius, event.timeStamp);
    this.drawKnob(grip.stick, grip.radius);
  };

  private readonly onStickUp = (event: PointerEvent) => {
    const grip = this.grips.get(event.pointerId);
    if (!grip) return;
    this.grips.delete(event.pointerId);
    this.sticks.release(event.pointerId, event.timeStamp);
    this.stickElements[grip.stick].base.classList.remove("stick--held");
    this.drawKnob(grip.stick, grip.radius);
  };

  /** Every finger off (the page lost focus, the match ended). */
  private release(): void {
    this.grips.clear();
    this.sticks.clear(this.doc.defaultView?.performance.now() ?? 0);
    for (const name of ["move", "aim"] as const) {
      this.stickElements[name].base.classList.remove("stick--held");
      this.drawKnob(name, 0);
    }
    this.dashButton.classList.remove("dash-button--held");
  }

  /** The knob follows the thumb, out to the stick's rim. */
  private drawKnob(stick: Stick, radius: number): void {
    const { x, y } = this.sticks.thumbs[stick];
    this.stickElements[stick].knob.style.transform = x === 0 && y === 0 ? "" : `translate(${x * radius}px, ${y * radius}px)`;
  }
}
