import { NAME_MAX_LENGTH } from "../../../shared/constants.ts";
import { sanitizeName } from "../../../shared/protocol.ts";
import { truncateGraphemes } from "../../../shared/text.ts";
import { readItem, writeItem } from "./pageStorage.ts";

const STORAGE_KEY = "skirmish.playerName";

/** The name used last time, or "" (storage may be missing or blocked). */
export const loadPlayerName = (storage: Storage | undefined): string => sanitizeName(readItem(storage, STORAGE_KEY) ?? "");

export const savePlayerName = (storage: Storage | undefined, name: string): void => writeItem(storage, STORAGE_KEY, name);

/**
 * The name field's limit: NAME_MAX_LENGTH characters as a reader counts them, so an emoji (with
 * its skin tone), a flag or an accented letter is kept whole or not at all. The browser's own
 * maxlength counts UTF-16 units and would cut a surrogate pair in half.
 */
export const fitNameField = (value: string): string => truncateGraphemes(value, NAME_MAX_LENGTH);

/** The field's hard cap in UTF-16 units, only against absurd pastes: the longest name the server accepts. */
export const NAME_FIELD_MAX_UNITS = 256;
