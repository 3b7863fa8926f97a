import assert from "node:assert/strict";
import { NAME_MAX_LENGTH } from "../../../shared/constants.ts";
import { loadPlayerName, savePlayerName } from "../../../client/src/ui/playerName.ts";
import { loadPreferredMode, savePreferredMode } from "../../../client/src/ui/preferredMode.ts";
import { blockedStorage, memoryStorage } from "./memoryStorage.ts";

describe("remembered player name", () => {
  it("round-trips through storage", () => {
    const storage = memoryStorage();
    assert.equal(loadPlayerName(storage), "");
    savePlayerName(storage, "Ann");
    assert.equal(loadPlayerName(storage), "Ann");
  });

  it("cleans whatever was stored, as the server would", () => {
    const storage = memoryStorage();
    savePlayerName(storage, `  \u202eEvil\u0000${"x".repeat(40)}  `);
    const name = loadPlayerName(storage);
    assert.ok(name.startsWith("Evil"));
    assert.equal(Array.from(name).length, NAME_MAX_LENGTH);
  });

  it("works without storage, or with storage that throws", () => {
    assert.equal(loadPlayerName(undefined), "");
    assert.equal(loadPlayerName(blockedStorage()), "");
    assert.doesNotThrow(() => savePlayerName(blockedStorage(), "Ann"));
  });
});

describe("remembered game mode", () => {
  it("round-trips through storage, starting on free-for-all", () => {
    const storage = memoryStorage();
    assert.equal(loadPreferredMode(storage), "ffa");
    savePreferredMode(storage, "teams");
    assert.equal(loadPreferredMode(storage), "teams");
  });

  it("ignores a stale or foreign value, and blocked storage", () => {
    const storage = memoryStorage();
    storage.setItem("skirmish.mode", "capture-the-flag");
    assert.equal(loadPreferredMode(storage), "ffa");
    assert.equal(loadPreferredMode(blockedStorage()), "ffa");
    assert.doesNotThrow(() => savePreferredMode(blockedStorage(), "teams"));
  });
});
