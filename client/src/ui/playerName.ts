import { sanitizeName } from "../../../shared/protocol.ts";
import { readItem, writeItem } from "./pageStorage.ts";

const STORAGE_KEY = "skirmish.playerName";

/** The name used last time, or "" (storage may be missing or blocked). */
export const loadPlayerName = (storage: Storage | undefined): string => sanitizeName(readItem(storage, STORAGE_KEY) ?? "");

export const savePlayerName = (storage: Storage | undefined, name: string): void => writeItem(storage, STORAGE_KEY, name);
