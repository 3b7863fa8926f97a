// The player's settings as the page remembers them: one JSON item in localStorage, read
// back field by field, so a missing, damaged or foreign value falls back to its default and
// never breaks the page. (The player's name has its own item: playerName.ts.)
import { readItem, writeItem } from "./pageStorage.ts";

export interface Settings {
  /** Master volume, 0..1. */
  volume: number;
  muted: boolean;
  /** Open the network panel (F3) when a match starts. */
  showNetPanel: boolean;
  /** Colours safe for red-green colour blindness, and sides told apart by shape as well. */
  colorBlindPalette: boolean;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  volume: 0.7,
  muted: false,
  showNetPanel: false,
  colorBlindPalette: false,
});

const STORAGE_KEY = "skirmish.settings";

const clampVolume = (value: number) => Math.min(1, Math.max(0, value));

/** Settings from any value: each known field kept if valid (the volume clamped), defaults for the rest, unknown fields dropped. */
export function normalizeSettings(value: unknown): Settings {
  const from = typeof value === "object" && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {};
  const flag = (key: keyof Settings) => typeof from[key] === "boolean" ? from[key] : DEFAULT_SETTINGS[key] as boolean;
  return {
    volume: typeof from.volume === "number" && Number.isFinite(from.volume) ? clampVolume(from.volume) : DEFAULT_SETTINGS.volume,
    muted: flag("muted"),
    showNetPanel: flag("showNetPanel"),
    colorBlindPalette: flag("colorBlindPalette"),
  };
}

/** Settings from the stored text (null: nothing stored); damaged JSON gives the defaults. */
export function parseSettings(stored: string | null): Settings {
  try {
    return normalizeSettings(stored === null ? null : JSON.parse(stored));
  } catch {
    return normalizeSettings(null);
  }
}

/** The remembered settings, or the defaults (storage may be missing, blocked or stale). */
export const loadSettings = (storage: Storage | undefined): Settings => parseSettings(readItem(storage, STORAGE_KEY));

/** Remembers the settings; a refusal only means they are not remembered. */
export const saveSettings = (storage: Storage | undefined, settings: Settings): void =>
  writeItem(storage, STORAGE_KEY, JSON.stringify(normalizeSettings(settings)));
