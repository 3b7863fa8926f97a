import assert from "node:assert/strict";
import { describeJoinError, describeLeave } from "../../../client/src/net/describeError.ts";
import { resolveServerUrl } from "../../../client/src/net/serverUrl.ts";

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
  });
});
