import assert from "node:assert/strict";
import { isShown, viewChatLine, visibleChatLines, type ChatLineView } from "../../../client/src/chat/chatLines.ts";
import { loadShowSystemLines, saveShowSystemLines } from "../../../client/src/ui/chatPreferences.ts";
import { blockedStorage, memoryStorage } from "./memoryStorage.ts";

const lines: ChatLineView[] = [
  viewChatLine({ kind: "system", text: "Ann joined" }, "me"),
  viewChatLine({ kind: "player", from: "a", name: "Ann", team: 0, text: "hi" }, "me"),
  viewChatLine({ kind: "system", text: "Bob left" }, "me"),
  viewChatLine({ kind: "player", from: "me", name: "Me", team: 0, text: "hello" }, "me"),
];

describe("chat: hiding system lines", () => {
  it("shows everything by default, and only people's lines when system lines are hidden", () => {
    assert.deepEqual(visibleChatLines(lines, true), lines);
    assert.deepEqual(visibleChatLines(lines, false).map((l) => l.text), ["hi", "hello"]);
    assert.equal(isShown(lines[0], false), false);
    assert.equal(isShown(lines[1], false), true);
  });

  it("remembers the choice in page storage, showing system lines unless turned off", () => {
    const storage = memoryStorage();
    assert.equal(loadShowSystemLines(storage), true);
    saveShowSystemLines(storage, false);
    assert.equal(loadShowSystemLines(storage), false);
    saveShowSystemLines(storage, true);
    assert.equal(loadShowSystemLines(storage), true);
    assert.equal(loadShowSystemLines(undefined), true);
    assert.equal(loadShowSystemLines(blockedStorage()), true);
    saveShowSystemLines(blockedStorage(), false); // a refusal only means it is not remembered
  });
});
