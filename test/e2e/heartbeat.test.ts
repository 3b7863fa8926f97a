import assert from "node:assert/strict";
import path from "node:path";
import { startMutingProxy, type MutingProxy } from "./mutingProxy.ts";
import { CLIENT_DIR, openMenu, OUTPUT_DIR, roomOf, waitForPlayers, waitInMatch, useServerAndBrowser, WAIT_MS } from "./pages.ts";

/** The client's silence limit is 6 s: nothing may be noticed well before it. */
const SILENCE_NOTICED_AFTER_MS = 5000;
/** Failed reconnection attempts log a console error each; they are the point of this test. */
const EXPECTED_REFUSED_LOG = /WebSocket connection to .* failed/;

describe("browser client: heartbeat", function () {
  this.timeout(30_000);
  const world = useServerAndBrowser();
  let proxy: MutingProxy | undefined;
  before(async () => { proxy = await startMutingProxy(world().server.port); });
  after(async () => { await proxy?.close(); });

  it("notices a server gone silent, shows the reconnecting veil, and gets back into the match by itself", async () => {
    const pageA = await world().browser.newPage();
    const pageB = await world().browser.newPage();

    // Alice reaches the server through the relay, Bob directly.
    await openMenu(pageA, proxy!.httpUrl, "Alice");
    await pageA.locator("#play").click();
    const alice = await waitInMatch(pageA);
    await openMenu(pageB, world().server.httpUrl, "Bob");
    await pageB.locator("#play").click();
    await waitInMatch(pageB);
    assert.equal(await roomOf(pageB), await roomOf(pageA));
    await waitForPlayers(pageA, ["Alice", "Bob"]);

    // The socket stays open but nothing arrives any more, and the server cannot be reached.
    const mutedAt = Date.now();
    proxy!.mute();
    const veil = pageA.locator("#connection-veil");
    await veil.waitFor({ state: "visible", timeout: WAIT_MS });
    const noticedAfter = Date.now() - mutedAt;
    assert.ok(noticedAfter >= SILENCE_NOTICED_AFTER_MS, `silence noticed after ${noticedAfter} ms, not before the limit`);
    assert.match((await veil.textContent()) ?? "", /Reconnecting/);

    // Alice's client closed the dead socket itself, so the server holds her seat, and Bob sees her dimmed.
    await pageB.waitForFunction((id) => window.__skirmish?.state()?.players[id]?.connected === false, alice, { timeout: WAIT_MS });
    await pageA.screenshot({ path: path.join(OUTPUT_DIR, "heartbeat-reconnecting.png") });
    await pageB.screenshot({ path: path.join(OUTPUT_DIR, "heartbeat-other-player-dimmed.png") });

    proxy!.unmute();
    await veil.waitFor({ state: "hidden", timeout: WAIT_MS });
    assert.equal(await waitInMatch(pageA), alice, "the same seat");
    await pageB.waitForFunction((id) => window.__skirmish?.state()?.players[id]?.connected === true, alice, { timeout: WAIT_MS });
    await waitForPlayers(pageA, ["Alice", "Bob"]);

    const unexpected = world().browser.pageErrors.filter((e) => !EXPECTED_REFUSED_LOG.test(e));
    assert.deepEqual(unexpected, [], "no other errors in either page");
  });
});
