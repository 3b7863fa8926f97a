import { sanitizeName } from "../../../shared/protocol.ts";

const STORAGE_KEY = "skirmish.playerName";

/** The name used last time, or "" (storage may be missing or blocked). */
export function loadPlayerName(storage: Storage | undefined): string {
  try {
    return sanitizeName(storage?.getItem(STORAGE_KEY) ?? "");
  } catch {
    return "";
  }
}

export function savePlayerName(storage: Storage | undefined, name: string): void {
  try {
    storage?.setItem(STORAGE_KEY, name);
  } catch {
    // Private browsing or a full quota: the name just is not remembered.
  }
}
