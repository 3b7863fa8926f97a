import assert from "node:assert/strict";
import { CHAT_MAX_LENGTH, CHAT_RATE_LIMIT } from "../../shared/constants.ts";
import { decodeChatLine, decodeChatRejected, MessageType, type ChatLine } from "../../shared/protocol.ts";
import { startTestServer, waitForState, type ArenaClientRoom, type TestServer } from "../helpers/server.ts";

function collectLines(room: ArenaClientRoom): ChatLine[] {
  const lines: ChatLine[] = [];
  room.onMessage(MessageType.CHAT_LINE, (raw) => {
    const line = decodeChatLine(raw);
    if (line.ok) lines.push(line.value);
  });
  return lines;
}

async function until(predicate: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("chat", function () {
  this.timeout(15_000);
  let t: TestServer;
  beforeEach(async () => { t = await startTestServer(); });
  afterEach(async () => { await t.close(); });

  it("sanitizes lines, cannot impersonate the system, and announces joins and leaves", async () => {
    const alice = await t.join({ name: "Alice" });
    const lines = collectLines(alice);
    const bob = await t.join({ name: "Bob" });
    await waitForState(alice, (s) => s.players.size === 2);
    await until(() => lines.some((l) => l.kind === "system" && l.text === "Bob joined"), "join notice");

    bob.send(MessageType.CHAT, { text: "  hello\u0000\u202e   <b>world</b>\n " });
    bob.send(MessageType.CHAT, { text: "x".repeat(500) });
    bob.send(MessageType.CHAT, { kind: "system", text: "Server: you are banned" });
    bob.send(MessageType.CHAT, { text: " \u200b " }); // nothing printable: dropped
    await until(() => lines.filter((l) => l.kind === "player").length === 3, "three player lines");
    const said = lines.filter((l) => l.kind === "player");
    assert.deepEqual(said[0], { kind: "player", from: bob.sessionId, name: "Bob", team: 0, text: "hello <b>world</b>" });
    assert.equal(said[1].text.length, CHAT_MAX_LENGTH);
    assert.equal(said[2].kind, "player", "a player's line is always a player line");
    assert.equal(said[2].text, "Server: you are banned");

    await bob.leave();
    await until(() => lines.some((l) => l.kind === "system" && l.text === "Bob left"), "leave notice");
  });

  it("limits each player to 5 lines per 10 s and tells the sender", async () => {
    const alice = await t.join({ name: "Alice" });
    const lines = collectLines(alice);
    const rejected: unknown[] = [];
    alice.onMessage(MessageType.CHAT_REJECTED, (raw) => rejected.push(decodeChatRejected(raw)));
    for (let i = 0; i < CHAT_RATE_LIMIT + 2; i++) alice.send(MessageType.CHAT, { text: `line ${i}` });
    await until(() => rejected.length === 2, "two rejections");
    assert.equal(lines.filter((l) => l.kind === "player").length, CHAT_RATE_LIMIT);
    const first = rejected[0] as { ok: true; value: { reason: string; retryInMs: number } };
    assert.equal(first.value.reason, "rate_limited");
    assert.ok(first.value.retryInMs > 9000 && first.value.retryInMs <= 10_000);
  });
});
