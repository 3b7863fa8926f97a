// Names and room codes as players type them: emoji kept whole, spaces in codes ignored.
import assert from "node:assert/strict";
import { NAME_MAX_LENGTH } from "../../../shared/constants.ts";
import { decodeJoinOptions, normalizeRoomCode, sanitizeChatText, sanitizeName } from "../../../shared/protocol.ts";
import { graphemeCount, graphemes, truncateGraphemes } from "../../../shared/text.ts";
import { ArenaGame } from "../../../server/game/ArenaGame.ts";
import { ArenaState } from "../../../shared/schema.ts";
import { fitNameField } from "../../../client/src/ui/playerName.ts";

/** No lone surrogate anywhere: the string is well-formed UTF-16. */
const wellFormed = (s: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe("text: user-perceived characters", () => {
  it("counts an emoji with its skin tone, a flag and an accented letter as one character each", () => {
    assert.deepEqual(graphemes("👍🏽🇫🇷e\u0301a"), ["👍🏽", "🇫🇷", "e\u0301", "a"]);
    assert.equal(graphemeCount("👍🏽🇫🇷e\u0301a"), 4);
  });

  it("truncates between characters, never inside one", () => {
    assert.equal(truncateGraphemes("👍🏽🇫🇷e\u0301a", 2), "👍🏽🇫🇷");
    assert.equal(truncateGraphemes("👍🏽🇫🇷e\u0301a", 3), "👍🏽🇫🇷e\u0301");
    assert.equal(truncateGraphemes("abc", 5), "abc");
    assert.equal(truncateGraphemes("abc", 0), "");
  });
});

describe("names with emoji", () => {
  it("cuts a long name to NAME_MAX_LENGTH whole characters", () => {
    const flags = "🇫🇷🇩🇪🇯🇵🇧🇷".repeat(5); // 20 flags, 2 code points and 4 UTF-16 units each
    const name = sanitizeName(flags);
    assert.equal(graphemeCount(name), NAME_MAX_LENGTH);
    assert.ok(wellFormed(name));
    assert.equal(name, "🇫🇷🇩🇪🇯🇵🇧🇷".repeat(4));
  });

  it("keeps a skin-toned emoji whole at the cut", () => {
    const name = sanitizeName(`${"a".repeat(NAME_MAX_LENGTH - 1)}👋🏿👋🏿`);
    assert.equal(name, `${"a".repeat(NAME_MAX_LENGTH - 1)}👋🏿`);
  });

  it("counts a letter with its accents as one character", () => {
    const name = sanitizeName("e\u0301".repeat(20));
    assert.equal(name, "e\u0301".repeat(NAME_MAX_LENGTH));
  });

  it("decodeJoinOptions applies the same cut", () => {
    const joined = decodeJoinOptions({ name: "😀".repeat(20) });
    assert.ok(joined.ok);
    assert.equal(joined.value.name, "😀".repeat(NAME_MAX_LENGTH));
  });

  it("chat lines are cut between characters too", () => {
    const text = sanitizeChatText("🇫🇷".repeat(200));
    assert.ok(wellFormed(text));
    assert.equal(text, "🇫🇷".repeat(140));
  });

  it("a duplicate name's number replaces whole characters", () => {
    const game = new ArenaGame(new ArenaState(), { seed: 1, mode: "ffa" });
    const long = "🇫🇷".repeat(NAME_MAX_LENGTH);
    assert.equal(game.addPlayer("1", long).name, long);
    const second = game.addPlayer("2", long).name;
    assert.equal(second, `${"🇫🇷".repeat(NAME_MAX_LENGTH - 2)} 2`);
    assert.ok(wellFormed(second));
  });

  it("the menu's name field stops at NAME_MAX_LENGTH whole characters", () => {
    assert.equal(fitNameField("😀".repeat(NAME_MAX_LENGTH)), "😀".repeat(NAME_MAX_LENGTH));
    assert.equal(fitNameField(`${"😀".repeat(NAME_MAX_LENGTH)}😀`), "😀".repeat(NAME_MAX_LENGTH));
    const cut = fitNameField(`${"x".repeat(NAME_MAX_LENGTH - 1)}👩🏽‍🚀`);
    assert.ok(wellFormed(cut));
    assert.equal(graphemeCount(cut), NAME_MAX_LENGTH);
  });
});

describe("room codes as typed", () => {
  it("ignores spaces anywhere: around the code and between its letters", () => {
    for (const typed of ["K7QXA", "  k7qxa ", "K7Q XA", "k 7 q x a", "K7\tQXA", "K7\u00a0QXA", " K7Q\u200bXA "]) {
      assert.equal(normalizeRoomCode(typed), "K7QXA", JSON.stringify(typed));
    }
  });

  it("still refuses what cannot be a code", () => {
    for (const typed of ["", "   ", "K7QX", "K7 QX", "K7QXAA", "K 7 Q X A A", "O0I1L", "K7QX!", "K7-QXA"]) {
      assert.equal(normalizeRoomCode(typed), null, JSON.stringify(typed));
    }
  });
});
