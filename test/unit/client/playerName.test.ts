import assert from "node:assert/strict";
import { NAME_MAX_LENGTH } from "../../../shared/constants.ts";
import { loadPlayerName, savePlayerName } from "../../../client/src/ui/playerName.ts";

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() { return items.size; },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => { items.delete(k); },
    setItem: (k, v) => { items.set(k, String(v)); },
  };
}

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
    const broken = { ...memoryStorage(), getItem: () => { throw new Error("denied"); }, setItem: () => { throw new Error("denied"); } };
    assert.equal(loadPlayerName(undefined), "");
    assert.equal(loadPlayerName(broken as Storage), "");
    assert.doesNotThrow(() => savePlayerName(broken as Storage, "Ann"));
  });
});
