import assert from "node:assert/strict";
import { isReconnectionToken, storedSessions } from "../../../client/src/net/savedSession.ts";
import { blockedStorage, memoryStorage } from "./memoryStorage.ts";

describe("saved session (reconnection token)", () => {
  it("round-trips the token and whether the room is private", () => {
    const sessions = storedSessions(memoryStorage());
    assert.equal(sessions.load(), null);
    sessions.save({ token: "K7QXA:s3cr3t", privateRoom: true });
    assert.deepEqual(sessions.load(), { token: "K7QXA:s3cr3t", privateRoom: true });
    sessions.save({ token: "abcdefghi:other", privateRoom: false });
    assert.deepEqual(sessions.load(), { token: "abcdefghi:other", privateRoom: false }, "the newest token wins");
  });

  it("forgets the seat when cleared", () => {
    const storage = memoryStorage();
    const sessions = storedSessions(storage);
    sessions.save({ token: "K7QXA:s3cr3t", privateRoom: true });
    sessions.clear();
    assert.equal(sessions.load(), null);
    assert.equal(storage.length, 0);
  });

  it("ignores anything this client did not write", () => {
    const storage = memoryStorage();
    const sessions = storedSessions(storage);
    for (const junk of ["not json", "null", "42", '"K7QXA:x"', '{"token":7}', '{"token":"no-colon"}',
      '{"token":"a:b:c"}', '{"token":":secret"}', `{"token":"a:${"x".repeat(300)}"}`]) {
      storage.setItem("skirmish.session", junk);
      assert.equal(sessions.load(), null, junk);
    }
    storage.setItem("skirmish.session", '{"token":"K7QXA:s","privateRoom":"yes"}');
    assert.deepEqual(sessions.load(), { token: "K7QXA:s", privateRoom: false });
  });

  it("works without storage, or with storage that throws", () => {
    for (const sessions of [storedSessions(undefined), storedSessions(blockedStorage())]) {
      assert.doesNotThrow(() => sessions.save({ token: "K7QXA:s", privateRoom: true }));
      assert.equal(sessions.load(), null);
      assert.doesNotThrow(() => sessions.clear());
    }
  });

  it("recognises the SDK's token shape", () => {
    assert.ok(isReconnectionToken("abcdefghi:Zx9_-k"));
    assert.ok(!isReconnectionToken(""));
    assert.ok(!isReconnectionToken("abc"));
    assert.ok(!isReconnectionToken(undefined));
  });
});
