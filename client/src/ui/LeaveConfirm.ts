import { byId } from "./dom.ts";

/**
 * "Leave the match?" over the game after Esc: Esc again or Enter leaves; any other key or a
 * click elsewhere keeps playing (that key still counts in the game, so a player who meant to
 * move just moves). The match goes on behind it.
 */
export class LeaveConfirm {
  private readonly window: Window;
  private readonly root: HTMLElement;
  private readonly leaveButton: HTMLButtonElement;
  private readonly stayButton: HTMLButtonElement;
  private onLeave: (() => void) | null = null;

  constructor(doc: Document) {
    this.window = doc.defaultView ?? window;
    this.root = byId(doc, "leave-confirm", HTMLElement);
    this.leaveButton = byId(doc, "leave-confirm-leave", HTMLButtonElement);
    this.stayButton = byId(doc, "leave-confirm-stay", HTMLButtonElement);
    this.leaveButton.addEventListener("click", () => this.confirm());
    this.stayButton.addEventListener("click", () => this.close());
  }

  get isOpen(): boolean {
    return !this.root.hidden;
  }

  /** Asks; `onLeave` runs if the player confirms. */
  open(onLeave: () => void): void {
    this.onLeave = onLeave;
    if (this.isOpen) return;
    this.root.hidden = false;
    // Capture: the answer is read before the game, the chat or the Esc handler see the key.
    this.window.addEventListener("keydown", this.onKey, { capture: true });
    this.window.addEventListener("pointerdown", this.onPointer, { capture: true });
  }

  close(): void {
    this.onLeave = null;
    if (!this.isOpen) return;
    this.root.hidden = true;
    this.window.removeEventListener("keydown", this.onKey, { capture: true });
    this.window.removeEventListener("pointerdown", this.onPointer, { capture: true });
    this.leaveButton.blur();
    this.stayButton.blur();
  }

  private confirm(): void {
    const leave = this.onLeave;
    this.close();
    leave?.();
  }

  private readonly onKey = (event: KeyboardEvent) => {
    if (event.isComposing || event.repeat) return;
    if (event.key === "Escape" || event.key === "Enter") {
      event.preventDefault();
      event.stopImmediatePropagation();
      this.confirm();
    } else if (!["Control", "Alt", "Meta"].includes(event.key)) {
      // Any other key: stay, and let the key do what it does in the game.
      this.close();
    }
  };

  private readonly onPointer = (event: PointerEvent) => {
    if (event.target instanceof Node && this.leaveButton.contains(event.target)) return;
    if (event.target instanceof Node && this.stayButton.contains(event.target)) return;
    this.close();
  };
}
