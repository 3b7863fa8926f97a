import { byId } from "./dom.ts";

/** How long the red flash of being hit lasts. */
export const HURT_FLASH_MS = 380;

/**
 * Full-screen effects over the match, as HTML so they cost the canvas nothing: a red flash at
 * the edges when the own player is hit, and a pulsing red vignette while health is low. They
 * never take the pointer; with reduced motion the vignette stays still, and in low-end mode
 * both are plain and still.
 */
export class ScreenFx {
  private readonly root: HTMLElement;
  private readonly hurtLayer: HTMLElement;
  private readonly lowLayer: HTMLElement;
  private flash: Animation | null = null;
  private flashTimer: ReturnType<typeof setTimeout> | null = null;
  /** Low-end mode: a plain red edge shown for a moment, with no animation or gradient to composite. */
  private simple = false;

  constructor(doc: Document) {
    this.root = byId(doc, "screen-fx", HTMLElement);
    this.hurtLayer = byId(doc, "screen-fx-hurt", HTMLElement);
    this.lowLayer = byId(doc, "screen-fx-low", HTMLElement);
  }

  /** A red flash; `strength` in (0, 1] scales it (a shield hit flashes less than an hp hit). */
  hurt(strength = 1): void {
    this.stopFlash();
    this.hurtLayer.hidden = false;
    if (this.simple) {
      this.flashTimer = setTimeout(() => { this.hurtLayer.hidden = true; }, HURT_FLASH_MS / 2);
      return;
    }
    const peak = Math.min(1, Math.max(0.35, strength));
    this.flash = this.hurtLayer.animate([{ opacity: peak }, { opacity: 0 }], { duration: HURT_FLASH_MS, easing: "ease-out", fill: "forwards" });
    this.flash.onfinish = () => { this.hurtLayer.hidden = true; };
  }

  /** The low-health warning on or off. */
  setLowHealth(on: boolean): void {
    if (this.lowLayer.hidden === !on) return;
    this.lowLayer.hidden = !on;
  }

  get lowHealthShown(): boolean {
    return !this.lowLayer.hidden;
  }

  /** Low-end mode on or off: a plain flash and a still low-health edge. */
  setSimple(simple: boolean): void {
    this.simple = simple;
    this.root.classList.toggle("screen-fx--simple", simple);
  }

  /** Everything off (leaving a match). */
  clear(): void {
    this.stopFlash();
    this.hurtLayer.hidden = true;
    this.lowLayer.hidden = true;
  }

  private stopFlash(): void {
    this.flash?.cancel();
    this.flash = null;
    if (this.flashTimer !== null) clearTimeout(this.flashTimer);
    this.flashTimer = null;
  }
}
