import { PRIVATE_CODE_LENGTH } from "../../../shared/constants.ts";
import { GAME_MODES, type GameMode } from "../../../shared/protocol.ts";
import type { MenuChoice } from "../net/joinRequest.ts";
import { byId } from "./dom.ts";
import { fitNameField, NAME_FIELD_MAX_UNITS } from "./playerName.ts";

/**
 * The menu's HTML form laid over the canvas: name, mode, Play, "Create private room" and
 * "Join by code". Native text entry, IME, paste and accessibility come for free.
 */
export class MenuOverlay {
  /** Called when the player picks a way into a match. */
  onChoice: ((choice: MenuChoice) => void) | null = null;
  private readonly root: HTMLElement;
  private readonly form: HTMLFormElement;
  private readonly nameInput: HTMLInputElement;
  private readonly modeInputs: HTMLInputElement[];
  private readonly playButton: HTMLButtonElement;
  private readonly createButton: HTMLButtonElement;
  private readonly codeInput: HTMLInputElement;
  private readonly codeButton: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly error: HTMLElement;
  private busy = false;

  constructor(doc: Document) {
    this.root = byId(doc, "menu", HTMLElement);
    this.form = byId(doc, "play-form", HTMLFormElement);
    this.nameInput = byId(doc, "name", HTMLInputElement);
    this.modeInputs = GAME_MODES.map((mode) => byId(doc, `mode-${mode}`, HTMLInputElement));
    this.playButton = byId(doc, "play", HTMLButtonElement);
    this.createButton = byId(doc, "create-private", HTMLButtonElement);
    this.codeInput = byId(doc, "join-code", HTMLInputElement);
    this.codeButton = byId(doc, "join-code-button", HTMLButtonElement);
    this.status = byId(doc, "menu-status", HTMLElement);
    this.error = byId(doc, "menu-error", HTMLElement);
    // Names are limited in whole characters (fitNameField), not by maxlength's UTF-16 units.
    this.nameInput.maxLength = NAME_FIELD_MAX_UNITS;
    const fitName = () => {
      const fitted = fitNameField(this.nameInput.value);
      if (fitted !== this.nameInput.value) this.nameInput.value = fitted;
    };
    this.nameInput.addEventListener("input", (event) => { if (!(event as InputEvent).isComposing) fitName(); });
    this.nameInput.addEventListener("compositionend", fitName);
    // Room for spaces typed or pasted around and between a code's letters; normalizeRoomCode drops them.
    this.codeInput.maxLength = PRIVATE_CODE_LENGTH * 4;

    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.choose({ kind: "quickPlay", name: this.nameInput.value, mode: this.mode });
    });
    this.createButton.addEventListener("click", () =>
      this.choose({ kind: "createPrivate", name: this.nameInput.value, mode: this.mode }));
    const joinByCode = () => this.choose({ kind: "joinByCode", name: this.nameInput.value, typedCode: this.codeInput.value });
    this.codeButton.addEventListener("click", joinByCode);
    this.codeInput.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || event.isComposing) return;
      event.preventDefault(); // Enter here joins by code, not quick play
      joinByCode();
    });
  }

  get name(): string {
    return this.nameInput.value;
  }

  set name(value: string) {
    this.nameInput.value = value;
  }

  get mode(): GameMode {
    const checked = this.modeInputs.find((input) => input.checked);
    return (checked?.value as GameMode | undefined) ?? "ffa";
  }

  show(name: string, mode: GameMode, error?: string | null): void {
    this.nameInput.value = name;
    for (const input of this.modeInputs) input.checked = input.value === mode;
    this.codeInput.value = "";
    this.setBusy(false);
    this.showError(error ?? null);
    this.root.hidden = false;
    this.nameInput.focus();
    this.nameInput.select();
  }

  hide(): void {
    this.root.hidden = true;
    this.nameInput.blur();
    this.codeInput.blur();
  }

  setBusy(busy: boolean, status = ""): void {
    this.busy = busy;
    const controls = [this.nameInput, this.codeInput, this.playButton, this.createButton, this.codeButton, ...this.modeInputs];
    for (const control of controls) control.disabled = busy;
    this.root.classList.toggle("menu--busy", busy);
    this.status.textContent = status;
  }

  showError(message: string | null): void {
    this.error.textContent = message ?? "";
    this.error.hidden = !message;
  }

  /** Joining a room listed in the lobby goes through here too, with the name typed above. */
  chooseListedRoom(roomId: string): void {
    this.choose({ kind: "joinListed", name: this.nameInput.value, roomId });
  }

  private choose(choice: MenuChoice): void {
    if (!this.busy) this.onChoice?.(choice);
  }
}
