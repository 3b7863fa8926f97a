import { GAME_MODES, type GameMode } from "../../../shared/protocol.ts";
import { readItem, writeItem } from "./pageStorage.ts";

const STORAGE_KEY = "skirmish.mode";

/** The mode picked last time, or free-for-all (storage may be missing, blocked or stale). */
export function loadPreferredMode(storage: Storage | undefined): GameMode {
  const stored = readItem(storage, STORAGE_KEY);
  return GAME_MODES.find((mode) => mode === stored) ?? "ffa";
}

export const savePreferredMode = (storage: Storage | undefined, mode: GameMode): void => writeItem(storage, STORAGE_KEY, mode);
