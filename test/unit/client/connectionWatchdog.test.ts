import assert from "node:assert/strict";
import { ConnectionWatchdog } from "../../../client/src/net/ConnectionWatchdog.ts";

const limits = { silenceLimitMs: 6000, reconnectLimitMs: 30_000 };

/** Checks every `stepMs` from `from` to `to` (inclusive) and returns the verdicts that were not "ok". */
function checkEvery(watchdog: ConnectionWatchdog, from: number, to: number, stepMs = 500) {
  const alarms: [number, string][] = [];
  for (let t = from; t <= to; t += stepMs) {
    const verdict = watchdog.check(t);
    if (verdict !== "ok") alarms.push([t, verdict]);
  }
  return alarms;
}

describe("ConnectionWatchdog", () => {
  it("stays quiet while patches keep coming", () => {
    const watchdog = new ConnectionWatchdog(limits, 0);
    for (let t = 0; t <= 60_000; t += 50) {
      watchdog.heard(t);
      if (t % 500 === 0) assert.equal(watchdog.check(t), "ok", `at ${t} ms`);
    }
  });

  it("calls a connection silent once nothing has arrived for the limit", () => {
    const watchdog = new ConnectionWatchdog(limits, 0);
    watchdog.heard(1000);
    assert.deepEqual(checkEvery(watchdog, 500, 6500), []);
    assert.equal(watchdog.check(7000), "silent", "6 s after the last message");
  });

  it("counts pongs and messages like patches: any sign of life resets the clock", () => {
    const watchdog = new ConnectionWatchdog(limits, 0);
    assert.deepEqual(checkEvery(watchdog, 500, 5500), []);
    watchdog.heard(5600); // a pong
    assert.deepEqual(checkEvery(watchdog, 6000, 11_500), []);
    assert.equal(watchdog.check(11_600), "silent");
  });

  it("expects silence while reconnecting, and gives up after the reconnect limit", () => {
    const watchdog = new ConnectionWatchdog(limits, 0);
    watchdog.dropped(1000);
    assert.ok(watchdog.reconnecting);
    assert.deepEqual(checkEvery(watchdog, 1500, 30_500), []);
    assert.equal(watchdog.check(31_000), "give_up");
  });

  it("a second drop during the same reconnection does not restart the limit", () => {
    const watchdog = new ConnectionWatchdog(limits, 0);
    watchdog.dropped(1000);
    watchdog.dropped(20_000); // the SDK reports each failed attempt as another drop
    assert.equal(watchdog.check(31_000), "give_up");
  });

  it("starts afresh after a reconnection", () => {
    const watchdog = new ConnectionWatchdog(limits, 0);
    watchdog.dropped(1000);
    checkEvery(watchdog, 1500, 4000);
    watchdog.reconnected(4000);
    assert.equal(watchdog.reconnecting, false);
    assert.deepEqual(checkEvery(watchdog, 4500, 9500), []);
    assert.equal(watchdog.check(10_000), "silent", "6 s after coming back with nothing since");
  });

  it("does not blame the server for a stall of this page (checks far apart)", () => {
    const watchdog = new ConnectionWatchdog(limits, 0);
    watchdog.heard(1000);
    watchdog.check(1000);
    // The tab was frozen for 20 s: messages that arrived meanwhile have not been read yet.
    assert.equal(watchdog.check(21_000), "ok");
    assert.deepEqual(checkEvery(watchdog, 21_500, 26_500), []);
    assert.equal(watchdog.check(27_000), "silent", "but silence after the stall still counts");
  });
});
