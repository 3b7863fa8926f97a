import assert from "node:assert/strict";
import { BAD_CODE_MESSAGE, describeJoinError, describeLeave, leavesToMenu } from "../../../client/src/net/describeError.ts";
import { joinRequestFor, type JoinRequest } from "../../../client/src/net/joinRequest.ts";
import { DEFAULT_VIEW, normalizeRoomCode } from "../../../shared/protocol.ts";
import { resolveServerUrl, roomStatusUrl } from "../../../client/src/net/serverUrl.ts";

describe("resolveServerUrl", () => {
  const page = (protocol: string, host: string, search = "") => ({ protocol, host, search });

  it("uses the page's own origin by default, secure when the page is", () => {
    assert.equal(resolveServerUrl(page("http:", "localhost:2567")), "ws://localhost:2567");
    assert.equal(resolveServerUrl(page("https:", "skirmish.example")), "wss://skirmish.example");
  });

  it("honours ?server=ws://host:port", () => {
    assert.equal(resolveServerUrl(page("http:", "localhost:5173", "?server=ws://127.0.0.1:2567")), "ws://127.0.0.1:2567");
    assert.equal(resolveServerUrl(page("http:", "a", "?x=1&server=wss%3A%2F%2Fgame.example")), "wss://game.example");
    assert.equal(resolveServerUrl(page("http:", "a", "?server=https://game.example/arena")), "wss://game.example/arena");
  });

  it("falls back to the page's origin for an unusable parameter", () => {
    for (const bad of ["?server=", "?server=not a url", "?server=javascript:alert(1)", "?server=file:///etc"]) {
      assert.equal(resolveServerUrl(page("http:", "localhost:2567", bad)), "ws://localhost:2567", bad);
    }
  });
});

describe("join and leave messages", () => {
  it("says the server cannot be reached when the request never got an answer", () => {
    const message = describeJoinError(new TypeError("Failed to fetch"), "ws://127.0.0.1:9");
    assert.match(message, /Could not reach the game server at 127\.0\.0\.1:9/);
    assert.match(describeJoinError(undefined, "ws://h:1"), /Could not reach/);
  });

  it("passes on the server's reason when it refused", () => {
    const refusal = Object.assign(new Error("invalid join options: bad_name"), { code: 526 });
    assert.equal(describeJoinError(refusal, "ws://h:1"), "The server refused to join: invalid join options: bad_name");
  });

  it("is silent when the player left on purpose, and explains other closes", () => {
    assert.equal(describeLeave(4000), null);
    assert.match(describeLeave(4001)!, /restarting/);
    assert.match(describeLeave(4400)!, /invalid messages/);
    assert.match(describeLeave(1006)!, /Lost the connection.*1006/);
    assert.match(describeLeave(4003)!, /could not get back into the match/);
    assert.match(describeLeave(4429)!, /too many messages/);
    assert.match(describeLeave(4408)!, /fell too far behind/);
    assert.match(describeLeave(4500)!, /server error/);
    assert.match(describeLeave(4403)!, /admin removed you/);
    assert.match(describeLeave(4410)!, /admin closed this room/);
    assert.equal(leavesToMenu(4403), true);
  });

  it("sends the player to the menu on a deliberate leave or a server restart, and holds other ends on screen", () => {
    assert.deepEqual([4000, 1000, 4001].map(leavesToMenu), [true, true, true]);
    assert.deepEqual([4003, 4002, 4400, 1006].map(leavesToMenu), [false, false, false, false]);
  });
});

describe("join errors for private and listed rooms", () => {
  const matchmakeError = (code: number, message: string) => Object.assign(new Error(message), { code });
  const byCode = (typed: string): JoinRequest => {
    const request = joinRequestFor({ kind: "joinByCode", name: "Bob", typedCode: typed }, DEFAULT_VIEW);
    assert.ok(request.ok);
    return request.value;
  };

  it("a wrong or expired code names the code and says why it may have gone", () => {
    const message = describeJoinError(matchmakeError(522, 'room "QQQQQ" not found'), "ws://h:1", byCode("qqqqq"));
    assert.match(message, /No open room has the code QQQQQ/);
    assert.match(message, /closes when its last player leaves/);
    const disposed = describeJoinError(matchmakeError(522, 'room "QQQQQ" has been disposed.'), "ws://h:1", byCode("QQQQQ"));
    assert.match(disposed, /No open room has the code QQQQQ/);
  });

  it("a listed room that closed, filled up or is showing results gets its own message", () => {
    const listed = joinRequestFor({ kind: "joinListed", name: "Bob", roomId: "aB3xY9zQw" }, DEFAULT_VIEW);
    assert.ok(listed.ok);
    assert.match(describeJoinError(matchmakeError(522, 'room "aB3xY9zQw" not found'), "ws://h:1", listed.value), /just closed/);
    assert.match(describeJoinError(matchmakeError(522, 'room "aB3xY9zQw" is locked'), "ws://h:1", listed.value), /full or its match is just ending/);
    assert.match(describeJoinError(matchmakeError(522, 'room "K7QXA" is locked'), "ws://h:1", byCode("K7QXA")), /full/);
  });

  it("an expired reconnection says the match is over", () => {
    assert.equal(describeJoinError(matchmakeError(524, "reconnection token invalid or expired."), "ws://h:1"), "Your previous match is over.");
  });

  it("the example in the bad-code message is itself a valid code", () => {
    const example = /like (\w+)/.exec(BAD_CODE_MESSAGE)?.[1] ?? "";
    assert.equal(normalizeRoomCode(example), example);
  });
});

describe("roomStatusUrl", () => {
  it("asks the game server over http(s) whether a room is still listed", () => {
    assert.equal(roomStatusUrl("ws://localhost:2567", "K7QXA"), "http://localhost:2567/rooms/K7QXA");
    assert.equal(roomStatusUrl("wss://game.example.com/eu", "a b"), "https://game.example.com/eu/rooms/a%20b");
  });
});
