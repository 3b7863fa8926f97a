import { sanitizeName } from "../../../shared/protocol.ts";
import { isEditable } from "../input/isEditable.ts";
import { byId } from "./dom.ts";
import { fitNameField, loadPlayerName, NAME_FIELD_MAX_UNITS, savePlayerName } from "./playerName.ts";
import { loadSettings, normalizeSettings, saveSettings, type Settings } from "./settings.ts";

/** Another name field on screen (the menu's) that the panel's name field keeps in step with. */
export interface NameLink {
  read(): string;
  write(name: string): void;
}

/**
 * The settings panel, from the gear buttons (menu and match) or O: name, volume and mute,
 * the network panel at match start, the colour-blind-safe palette. Every change applies at
 * once and is remembered. Esc, Done or a click beside the panel closes it; a match goes on
 * behind it.
 */
export class SettingsPanel {
  /** While the menu is up, its name field: the panel shows and updates the name typed there. */
  nameLink: NameLink | null = null;
  private value: Settings;
  private readonly listeners = new Set<(settings: Readonly<Settings>) => void>();
  private readonly window: Window;
  private readonly root: HTMLElement;
  private readonly form: HTMLFormElement;
  private readonly nameInput: HTMLInputElement;
  private readonly volumeInput: HTMLInputElement;
  private readonly volumeText: HTMLOutputElement;
  private readonly muteInput: HTMLInputElement;
  private readonly netPanelInput: HTMLInputElement;
  private readonly paletteInput: HTMLInputElement;
  private readonly openButtons: HTMLButtonElement[];

  constructor(doc: Document, private readonly storage: Storage | undefined) {
    this.window = doc.defaultView ?? window;
    this.value = loadSettings(storage);
    this.root = byId(doc, "settings", HTMLElement);
    this.form = byId(doc, "settings-form", HTMLFormElement);
    this.nameInput = byId(doc, "settings-name", HTMLInputElement);
    this.volumeInput = byId(doc, "settings-volume", HTMLInputElement);
    this.volumeText = byId(doc, "settings-volume-value", HTMLOutputElement);
    this.muteInput = byId(doc, "settings-mute", HTMLInputElement);
    this.netPanelInput = byId(doc, "settings-net-panel", HTMLInputElement);
    this.paletteInput = byId(doc, "settings-palette", HTMLInputElement);
    this.openButtons = [byId(doc, "settings-open", HTMLButtonElement), byId(doc, "settings-toggle", HTMLButtonElement)];

    // Names are limited in whole characters, as on the menu (playerName.ts).
    this.nameInput.maxLength = NAME_FIELD_MAX_UNITS;
    this.nameInput.addEventListener("input", (event) => {
      const fitted = fitNameField(this.nameInput.value);
      if (!(event as InputEvent).isComposing && fitted !== this.nameInput.value) this.nameInput.value = fitted;
    });
    this.nameInput.addEventListener("change", () => this.commitName());
    this.volumeInput.addEventListener("input", () => this.change({ volume: Number(this.volumeInput.value) / 100 }));
    this.muteInput.addEventListener("change", () => this.change({ muted: this.muteInput.checked }));
    this.netPanelInput.addEventListener("change", () => this.change({ showNetPanel: this.netPanelInput.checked }));
    this.paletteInput.addEventListener("change", () => this.change({ colorBlindPalette: this.paletteInput.checked }));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.close();
    });
    this.root.addEventListener("pointerdown", (event) => { if (event.target === this.root) this.close(); });
    for (const button of this.openButtons) {
      button.addEventListener("click", () => {
        button.blur(); // Space and Enter belong to the game
        this.toggle();
      });
    }
    doc.addEventListener("keydown", this.onKey);
    this.show();
  }

  /** The settings in force. */
  get current(): Readonly<Settings> {
    return this.value;
  }

  get isOpen(): boolean {
    return !this.root.hidden;
  }

  /** Calls `listener` with the settings after every change; returns the way to stop. */
  onChange(listener: (settings: Readonly<Settings>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  open(): void {
    if (this.isOpen) return;
    this.nameInput.value = fitNameField(this.nameLink?.read() ?? loadPlayerName(this.storage));
    this.show();
    this.root.hidden = false;
    for (const button of this.openButtons) button.setAttribute("aria-expanded", "true");
    // Capture: Esc closes the panel before the match reads it as "leave".
    this.window.addEventListener("keydown", this.onEscape, { capture: true });
  }

  close(): void {
    if (!this.isOpen) return;
    this.commitName();
    this.root.hidden = true;
    for (const button of this.openButtons) button.setAttribute("aria-expanded", "false");
    this.window.removeEventListener("keydown", this.onEscape, { capture: true });
    // Nothing in the panel keeps focus: the game's keys go to the game again.
    if (this.root.contains(this.root.ownerDocument.activeElement)) (this.root.ownerDocument.activeElement as HTMLElement).blur();
  }

  toggle(): void {
    if (this.isOpen) this.close();
    else this.open();
  }

  private change(change: Partial<Settings>): void {
    this.value = normalizeSettings({ ...this.value, ...change });
    saveSettings(this.storage, this.value);
    this.show();
    for (const listener of this.listeners) listener(this.value);
  }

  private commitName(): void {
    const name = sanitizeName(this.nameInput.value);
    savePlayerName(this.storage, name);
    this.nameLink?.write(name);
  }

  /** The controls as the settings are. */
  private show(): void {
    const { volume, muted, showNetPanel, colorBlindPalette } = this.value;
    this.volumeInput.value = String(Math.round(volume * 100));
    this.volumeText.value = muted ? "muted" : `${Math.round(volume * 100)} %`;
    this.muteInput.checked = muted;
    this.netPanelInput.checked = showNetPanel;
    this.paletteInput.checked = colorBlindPalette;
  }

  /** O opens and closes the panel, unless typing. */
  private readonly onKey = (event: KeyboardEvent) => {
    if (event.code !== "KeyO" || event.repeat || event.ctrlKey || event.metaKey || event.altKey || isEditable(event.target)) return;
    event.preventDefault();
    this.toggle();
  };

  private readonly onEscape = (event: KeyboardEvent) => {
    if (event.key !== "Escape" || event.isComposing) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    this.close();
  };
}
