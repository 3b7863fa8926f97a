import { byId } from "./dom.ts";

const COPIED_LABEL_MS = 1800;

/** The private room's code, shown during the match with a Copy button, so friends can be told it. */
export class RoomCodeBadge {
  private readonly root: HTMLElement;
  private readonly code: HTMLElement;
  private readonly copyButton: HTMLButtonElement;
  private labelTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly doc: Document) {
    this.root = byId(doc, "room-badge", HTMLElement);
    this.code = byId(doc, "room-code", HTMLElement);
    this.copyButton = byId(doc, "room-code-copy", HTMLButtonElement);
    this.copyButton.addEventListener("click", () => void this.copy());
  }

  show(code: string): void {
    this.code.textContent = code;
    this.setLabel("Copy");
    this.root.hidden = false;
  }

  hide(): void {
    this.root.hidden = true;
    this.code.textContent = "";
  }

  private async copy(): Promise<void> {
    const code = this.code.textContent ?? "";
    // The button must not keep focus: Space and Enter belong to the game.
    this.copyButton.blur();
    try {
      await this.doc.defaultView?.navigator.clipboard.writeText(code);
      this.setLabel("Copied!");
    } catch {
      // No clipboard access (an insecure origin, a denied permission): select it for Ctrl+C.
      this.doc.getSelection()?.selectAllChildren(this.code);
      this.setLabel("Press Ctrl+C");
    }
  }

  private setLabel(text: string): void {
    this.copyButton.textContent = text;
    if (this.labelTimer) clearTimeout(this.labelTimer);
    this.labelTimer = text === "Copy" ? null : setTimeout(() => this.setLabel("Copy"), COPIED_LABEL_MS);
  }
}
