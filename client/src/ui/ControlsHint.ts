import { byId } from "./dom.ts";

/**
 * The controls reminder at the bottom of the match, as HTML so it wraps between words. It
 * names the keys, or the sticks on a touch screen (the page's `touch` class picks which).
 */
export class ControlsHint {
  private readonly root: HTMLElement;

  constructor(doc: Document) {
    this.root = byId(doc, "controls-hint", HTMLElement);
  }

  show(): void {
    this.root.hidden = false;
  }

  hide(): void {
    this.root.hidden = true;
  }
}
