import assert from "node:assert/strict";
import { DEFAULT_SETTINGS, loadSettings, parseSettings, saveSettings } from "../../../client/src/ui/settings.ts";
import { bodyStyle, Palette, playerColor, SafePalette } from "../../../client/src/view/palette.ts";
import { blockedStorage, memoryStorage } from "./memoryStorage.ts";

const KEY = "skirmish.settings";

describe("remembered settings", () => {
  it("start from the defaults, and round-trip through storage", () => {
    const storage = memoryStorage();
    assert.deepEqual(loadSettings(storage), DEFAULT_SETTINGS);
    const chosen = { volume: 0.35, muted: true, showNetPanel: true, colorBlindPalette: true };
    saveSettings(storage, chosen);
    assert.deepEqual(loadSettings(storage), chosen);
  });

  it("fall back to the default for each missing or invalid field, keeping the valid ones", () => {
    assert.deepEqual(parseSettings(JSON.stringify({ muted: true, volume: "loud", showNetPanel: 1, colorBlindPalette: null })),
      { ...DEFAULT_SETTINGS, muted: true });
    assert.deepEqual(parseSettings(JSON.stringify({ volume: Number.NaN })), DEFAULT_SETTINGS, "NaN is stored as null");
    assert.deepEqual(parseSettings("{}"), DEFAULT_SETTINGS);
  });

  it("clamp the volume to 0..1", () => {
    assert.equal(parseSettings(JSON.stringify({ volume: 7 })).volume, 1);
    assert.equal(parseSettings(JSON.stringify({ volume: -0.5 })).volume, 0);
    assert.equal(parseSettings("{\"volume\": 1e999}").volume, DEFAULT_SETTINGS.volume, "Infinity is not a volume");
    const storage = memoryStorage();
    saveSettings(storage, { ...DEFAULT_SETTINGS, volume: 3 });
    assert.equal(JSON.parse(storage.getItem(KEY)!).volume, 1, "clamped when saved too");
  });

  it("survive damaged or foreign values", () => {
    for (const stored of ["{not json", "null", "42", "\"loud\"", "[true, 0.5]", ""]) {
      assert.deepEqual(parseSettings(stored), DEFAULT_SETTINGS, stored);
    }
  });

  it("ignore unknown fields, and never store them", () => {
    const storage = memoryStorage();
    storage.setItem(KEY, '{"volume": 0.2, "theme": "pink", "__proto__": {"muted": true}}');
    const settings = loadSettings(storage);
    assert.deepEqual(settings, { ...DEFAULT_SETTINGS, volume: 0.2 });
    saveSettings(storage, { ...settings, extra: "x" } as typeof settings);
    assert.deepEqual(Object.keys(JSON.parse(storage.getItem(KEY)!)).sort(), ["colorBlindPalette", "muted", "showNetPanel", "volume"]);
  });

  it("work without storage, or with storage that throws", () => {
    assert.deepEqual(loadSettings(undefined), DEFAULT_SETTINGS);
    assert.deepEqual(loadSettings(blockedStorage()), DEFAULT_SETTINGS);
    assert.doesNotThrow(() => saveSettings(blockedStorage(), DEFAULT_SETTINGS));
  });
});

describe("colour-blind-safe palette", () => {
  it("leaves the standard look as it was", () => {
    assert.deepEqual(bodyStyle(0, true, false), { color: Palette.self, mark: "none" });
    assert.deepEqual(bodyStyle(0, false, false), { color: Palette.enemy, mark: "none" });
    assert.equal(bodyStyle(2, false, false).color, Palette.teams[2]);
    assert.equal(playerColor(1, false), Palette.teams[1]);
  });

  it("tells every side apart by shape as well as colour", () => {
    const self = bodyStyle(0, true, true), opponent = bodyStyle(0, false, true);
    const blue = bodyStyle(1, false, true), orange = bodyStyle(2, false, true);
    assert.notEqual(self.mark, opponent.mark, "free-for-all: you and the others");
    assert.notEqual(blue.mark, orange.mark, "teams: one team and the other");
    assert.notEqual(self.color, opponent.color);
    assert.notEqual(blue.color, orange.color);
    assert.ok([self, opponent, blue, orange].every((s) => s.mark !== "none"));
    assert.deepEqual(bodyStyle(1, true, true), blue, "in teams mode you look like your team");
    assert.deepEqual([blue.color, orange.color], [SafePalette.teams[1], SafePalette.teams[2]]);
  });

  it("hands out the same style object every frame (nothing allocated, sprites redraw only on change)", () => {
    assert.equal(bodyStyle(2, false, true), bodyStyle(2, true, true));
    assert.equal(bodyStyle(0, false, true), bodyStyle(0, false, true));
  });
});
