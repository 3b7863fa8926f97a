import { GAME_MODES, type GameMode } from "../../../shared/protocol.ts";

const STORAGE_KEY = "skirmish.mode";

/** The mode picked last time, or free-for-all (storage may be missing, blocked or stale). */
export function loadPreferredMode(storage: Storage | undefined): GameMode {
  try {
    const stored = storage?.getItem(STORAGE_KEY);
    return GAME_MODES.find((mode) => mode === stored) ?? "ffa";
  } catch {
    return "ffa";
  }
}

export function savePreferredMode(storage: Storage | undefined, mode: GameMode): void {
  try {
    storage?.setItem(STORAGE_KEY, mode);
  } catch {
    // Not remembered; the menu starts on free-for-all next time.
  }
}
