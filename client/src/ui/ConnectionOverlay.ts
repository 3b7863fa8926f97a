import { byId } from "./dom.ts";

/**
 * A veil over the match while the connection is being re-established, and the message
 * with a way back to the menu when it could not be.
 */
export class ConnectionOverlay {
  /** Called when the player presses "Back to menu". */
  onBack: (() => void) | null = null;
  private readonly root: HTMLElement;
  private readonly spinner: HTMLElement;
  private readonly title: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly backButton: HTMLButtonElement;

  constructor(doc: Document) {
    this.root = byId(doc, "connection-veil", HTMLElement);
    this.spinner = byId(doc, "connection-spinner", HTMLElement);
    this.title = byId(doc, "connection-title", HTMLElement);
    this.detail = byId(doc, "connection-detail", HTMLElement);
    this.backButton = byId(doc, "connection-back", HTMLButtonElement);
    this.backButton.addEventListener("click", () => this.onBack?.());
  }

  showReconnecting(): void {
    this.title.textContent = "Reconnecting…";
    this.detail.textContent = "The connection to the server dropped. Your place in the match is kept while we get you back.";
    this.spinner.hidden = false;
    this.backButton.hidden = true;
    this.root.hidden = false;
  }

  showLost(message: string): void {
    this.title.textContent = "Connection lost";
    this.detail.textContent = message;
    this.spinner.hidden = true;
    this.backButton.hidden = false;
    this.root.hidden = false;
    this.backButton.focus();
  }

  hide(): void {
    this.root.hidden = true;
  }
}
