import { isEditable } from "../input/isEditable.ts";
import { byId } from "./dom.ts";

/** Where the button goes, in CSS px of the page. */
export interface ScreenRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The results' "Play again": a real button laid over the results panel the canvas draws, so a
 * tap, a click or Enter presses it. It takes the focus as it appears (unless the player is
 * typing a chat line), so Enter plays again; the chat leaves Enter on a focused button alone.
 */
export class PlayAgainButton {
  private readonly button: HTMLButtonElement;
  private readonly label: string;
  private onPress: (() => void) | null = null;

  constructor(private readonly doc: Document) {
    this.button = byId(doc, "play-again", HTMLButtonElement);
    this.label = this.button.textContent ?? "";
    this.button.addEventListener("click", () => {
      if (!this.onPress || this.button.disabled) return;
      this.button.disabled = true;
      this.button.textContent = "Finding a match…";
      this.onPress();
    });
  }

  get shown(): boolean {
    return !this.button.hidden;
  }

  /** Shows the button (ready to press) if it is not already up. */
  show(onPress: () => void): void {
    this.onPress = onPress;
    if (this.shown) return;
    this.button.disabled = false;
    this.button.textContent = this.label;
    this.button.hidden = false;
    if (!isEditable(this.doc.activeElement)) this.button.focus({ preventScroll: true });
  }

  /** Over the panel's button space; `scale` is the panel's, so the label shrinks with it. */
  place(rect: ScreenRect, scale: number): void {
    const style = this.button.style;
    style.left = `${rect.x}px`;
    style.top = `${rect.y}px`;
    style.width = `${rect.width}px`;
    style.height = `${rect.height}px`;
    style.fontSize = `${Math.round(17 * scale)}px`;
  }

  hide(): void {
    if (!this.shown) return;
    this.button.blur();
    this.button.hidden = true;
    this.onPress = null;
  }
}
