import { readItem, writeItem } from "./pageStorage.ts";

const SHOW_SYSTEM_KEY = "skirmish.chat.showSystem";

/** Whether the chat shows system lines (joins, leaves): yes unless the player turned them off. */
export const loadShowSystemLines = (storage: Storage | undefined): boolean => readItem(storage, SHOW_SYSTEM_KEY) !== "0";

export const saveShowSystemLines = (storage: Storage | undefined, show: boolean): void =>
  writeItem(storage, SHOW_SYSTEM_KEY, show ? "1" : "0");
