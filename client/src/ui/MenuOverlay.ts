import { NAME_MAX_LENGTH } from "../../../shared/constants.ts";

/**
 * The menu's HTML form (name field, Play button, status and error lines) laid over the
 * canvas: native text entry, IME, paste and accessibility for free.
 */
export class MenuOverlay {
  /** Called with the raw field value when the player presses Play or Enter. */
  onSubmit: ((name: string) => void) | null = null;
  private readonly form: HTMLFormElement;
  private readonly nameInput: HTMLInputElement;
  private readonly playButton: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly error: HTMLElement;

  constructor(doc: Document) {
    this.form = byId(doc, "menu", HTMLFormElement);
    this.nameInput = byId(doc, "name", HTMLInputElement);
    this.playButton = byId(doc, "play", HTMLButtonElement);
    this.status = byId(doc, "menu-status", HTMLElement);
    this.error = byId(doc, "menu-error", HTMLElement);
    this.nameInput.maxLength = NAME_MAX_LENGTH;
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!this.playButton.disabled) this.onSubmit?.(this.nameInput.value);
    });
  }

  show(name: string, error?: string | null): void {
    this.nameInput.value = name;
    this.setBusy(false);
    this.showError(error ?? null);
    this.form.hidden = false;
    this.nameInput.focus();
    this.nameInput.select();
  }

  hide(): void {
    this.form.hidden = true;
    this.nameInput.blur();
  }

  setBusy(busy: boolean, status = ""): void {
    this.playButton.disabled = busy;
    this.nameInput.disabled = busy;
    this.playButton.textContent = busy ? "Joining…" : "Play";
    this.status.textContent = status;
  }

  showError(message: string | null): void {
    this.error.textContent = message ?? "";
    this.error.hidden = !message;
  }
}

function byId<T extends HTMLElement>(doc: Document, id: string, type: new () => T): T {
  const element = doc.getElementById(id);
  if (!(element instanceof type)) throw new Error(`#${id} is missing from index.html`);
  return element;
}
