import assert from "node:assert/strict";
import { CHAT_HISTORY_LINES, ChatLog, rateLimitNotice, viewChatLine, type ChatLineView } from "../../../client/src/chat/chatLines.ts";
import { chatLineElement, type ElementMaker } from "../../../client/src/ui/chatLineElement.ts";
import { TeamTextColor, TextColor } from "../../../client/src/view/palette.ts";

/** Just enough of a DOM element to see what the renderer writes, and to refuse markup. */
class FakeElement {
  className = "";
  textContent: string | null = "";
  readonly style = { color: "" };
  readonly children: FakeElement[] = [];
  constructor(readonly tag: string) {}
  append(...nodes: FakeElement[]) { this.children.push(...nodes); }
  set innerHTML(_html: string) { throw new Error("chat must never write markup"); }
  get text(): string { return (this.textContent ?? "") + this.children.map((c) => c.text).join(""); }
}

const fakeDoc = { createElement: (tag: string) => new FakeElement(tag) } as unknown as ElementMaker;
const render = (line: ChatLineView) => chatLineElement(fakeDoc, line) as unknown as FakeElement;

describe("chat lines", () => {
  it("shows a player's line with the sender's name, in the team colour", () => {
    const line = viewChatLine({ kind: "player", from: "s2", name: "Bob", team: 2, text: "hi" }, "s1");
    assert.deepEqual(line, { kind: "player", name: "Bob", nameColor: TeamTextColor[2], text: "hi", mine: false });
    assert.equal((viewChatLine({ kind: "player", from: "s1", name: "Ann", team: 1, text: "x" }, "s1") as { nameColor: string }).nameColor, TeamTextColor[1]);
  });

  it("in free-for-all, marks the local player's own lines apart from everyone else's", () => {
    const mine = viewChatLine({ kind: "player", from: "s1", name: "Ann", team: 0, text: "x" }, "s1");
    const theirs = viewChatLine({ kind: "player", from: "s2", name: "Bob", team: 0, text: "x" }, "s1");
    assert.deepEqual([mine.kind === "player" && mine.nameColor, mine.kind === "player" && mine.mine], [TextColor.accent, true]);
    assert.equal(theirs.kind === "player" && theirs.nameColor, TextColor.name);
  });

  it("passes system lines through as system lines", () => {
    assert.deepEqual(viewChatLine({ kind: "system", text: "Ann joined" }, "s1"), { kind: "system", text: "Ann joined" });
  });

  it("renders everything as text: markup in a line stays visible characters", () => {
    const hostile = '<img src=x onerror="alert(1)"><b>bold</b>';
    const player = render({ kind: "player", name: "<i>Eve</i>", nameColor: "#fff", text: hostile, mine: false });
    assert.equal(player.tag, "li");
    assert.deepEqual(player.children.map((c) => [c.className, c.textContent]), [["chat__name", "<i>Eve</i>"], ["chat__text", hostile]]);
    assert.equal(player.children[0].style.color, "#fff");
    const system = render({ kind: "system", text: hostile });
    assert.equal(system.className, "chat__line chat__line--system");
    assert.equal(system.text, hostile);
  });

  it("keeps the last 50 lines and says how many fell off", () => {
    const log = new ChatLog();
    assert.equal(log.capacity, CHAT_HISTORY_LINES);
    for (let i = 0; i < CHAT_HISTORY_LINES; i++) assert.equal(log.add({ kind: "system", text: `line ${i}` }), 0);
    assert.equal(log.add({ kind: "system", text: "line 50" }), 1);
    assert.equal(log.lines.length, CHAT_HISTORY_LINES);
    assert.equal(log.lines[0].text, "line 1");
    assert.equal(log.lines.at(-1)!.text, "line 50");
    log.clear();
    assert.equal(log.lines.length, 0);
  });

  it("tells a rate-limited player when they can chat again, in whole seconds", () => {
    assert.equal(rateLimitNotice({ reason: "rate_limited", retryInMs: 2300 }), "Slow down: you can chat again in 3 s.");
    assert.equal(rateLimitNotice({ reason: "rate_limited", retryInMs: 10 }), "Slow down: you can chat again in 1 s.");
  });
});
