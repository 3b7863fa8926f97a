// The server's structured log as an operator's pipeline reads it: one JSON record per
// event with room and session ids, and never a player's chat text or a credential.
import assert from "node:assert/strict";
import { MessageType } from "../../shared/protocol.ts";
import { captureLog } from "../helpers/captureLog.ts";
import { startTestServer, waitForState } from "../helpers/server.ts";

describe("structured logs", function () {
  this.timeout(20_000);

  it("record room lifecycle with ids and levels, and leave chat text out", async () => {
    const { log, records, lines } = captureLog();
    const t = await startTestServer({}, { log });
    try {
      const a = await t.join({ name: "Ann" });
      const b = await t.join({ name: "Bob" });
      const heard = new Promise<void>((resolve) => b.onMessage(MessageType.CHAT_LINE, (line: { kind: string }) => {
        if (line.kind === "player") resolve();
      }));
      a.send(MessageType.CHAT, { text: "meet at the north pillar" });
      await heard;
      await b.leave();
      await waitForState(a, (s) => s.players.size === 1, 5000, "Bob gone");

      const events = records.map((r) => r.event);
      for (const event of ["server_listening", "room_created", "player_joined", "player_left"]) assert.ok(events.includes(event), `${event} logged`);
      const joined = records.filter((r) => r.event === "player_joined");
      assert.deepEqual(joined.map((r) => [r.room, r.session]), [[a.roomId, a.sessionId], [a.roomId, b.sessionId]]);
      for (const record of records) {
        assert.equal(typeof record.level, "number");
        assert.equal(typeof record.time, "number");
      }
      assert.ok(!lines.some((line) => line.includes("north pillar")), "no chat text in the log");
    } finally {
      await t.close();
    }
  });

  it("redact text, tokens and passwords wherever a log call puts them", () => {
    const { log, lines } = captureLog();
    log.info({ event: "x", text: "hello there", token: "secret-token", request: { password: "pw", authorization: "Bearer abc" } });
    assert.ok(!/hello there|secret-token|"pw"|Bearer abc/.test(lines[0]), lines[0]);
    assert.match(lines[0], /\[redacted\]/);
  });
});
