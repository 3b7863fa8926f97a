import assert from "node:assert/strict";
import path from "node:path";
import { matchMaker } from "@colyseus/core";
import { PRIVATE_CODE_ALPHABET, PRIVATE_CODE_LENGTH } from "../../shared/constants.ts";
import { MatchPhase } from "../../shared/protocol.ts";
import type { ArenaState } from "../../shared/schema.ts";
import { CLIENT_DIR, openMenu, OUTPUT_DIR, roomOf, waitForPlayers, waitInMatch, useServerAndBrowser, WAIT_MS } from "./pages.ts";

/** What Chromium logs for the deliberate wrong code: the matchmaker answers it with an HTTP error. */
const EXPECTED_WRONG_CODE_LOG = /Failed to load resource: the server responded with a status of 522/;

/** A code with the right shape that is not `taken`. */
function otherCode(taken: string): string {
  const letter = [...PRIVATE_CODE_ALPHABET].find((ch) => ch !== taken[0])!;
  return letter.repeat(PRIVATE_CODE_LENGTH);
}

describe("browser client: private rooms, chat and reload", function () {
  this.timeout(30_000);
  const world = useServerAndBrowser();

  it("a friend joins by the code shown on screen, chat reaches them as text, and a reload keeps the seat", async () => {
    const pageA = await world().browser.newPage();
    const pageB = await world().browser.newPage();
    const url = world().server.httpUrl;

    await openMenu(pageA, url, "Alice");
    await pageA.locator("#create-private").click();
    const alice = await waitInMatch(pageA);

    // The code as the player sees it on screen, not from the test hook.
    const badge = pageA.locator("#room-code");
    await badge.waitFor({ state: "visible", timeout: WAIT_MS });
    const code = (await badge.textContent())?.trim() ?? "";
    assert.equal(code.length, PRIVATE_CODE_LENGTH, `code on screen: "${code}"`);
    for (const ch of code) assert.ok(PRIVATE_CODE_ALPHABET.includes(ch), code);

    // A wrong code is refused on the menu with a clear message.
    await openMenu(pageB, url, "Bob");
    const wrong = otherCode(code);
    await pageB.locator("#join-code").fill(wrong);
    await pageB.locator("#join-code-button").click();
    const error = pageB.locator("#menu-error");
    await error.waitFor({ state: "visible", timeout: WAIT_MS });
    assert.match((await error.textContent()) ?? "", new RegExp(`No open room has the code ${wrong}`));
    await pageB.screenshot({ path: path.join(OUTPUT_DIR, "private-room-wrong-code.png") });

    // Typed as a person might: lower case, with a stray space. Enter joins.
    await pageB.locator("#join-code").fill(` ${code.toLowerCase()}`);
    await pageB.locator("#join-code").press("Enter");
    const bob = await waitInMatch(pageB);
    assert.equal(await roomOf(pageA), code);
    assert.equal(await roomOf(pageB), code, "Bob is in the room the code names");
    for (const page of [pageA, pageB]) await waitForPlayers(page, ["Alice", "Bob"]);
    assert.equal((await pageB.locator("#room-code").textContent())?.trim(), code, "Bob sees the code too");

    // Chat: Enter opens the line, Enter sends; the text arrives as text, never as markup.
    const said = "gg <b>Bob</b> & <img src=x>";
    await pageA.keyboard.press("Enter");
    await pageA.locator("#chat-input").waitFor({ state: "visible" });
    await pageA.keyboard.type(said);
    await pageA.keyboard.press("Enter");
    await pageB.waitForFunction((text) =>
      [...document.querySelectorAll("#chat-log .chat__text")].some((line) => line.textContent === text), said, { timeout: WAIT_MS });
    assert.equal(await pageB.evaluate(() => document.querySelector("#chat-log b, #chat-log img")), null, "no markup was made");
    const sender = await pageB.evaluate(() => [...document.querySelectorAll("#chat-log .chat__name")].map((n) => n.textContent));
    assert.ok(sender.includes("Alice"), `the line carries its sender's name: ${sender}`);
    assert.ok(await pageA.locator("#chat-input").isHidden(), "the chat line closes after sending");

    // A score the reload must keep. Scores are cleared when a match starts, so set it once one has.
    await pageA.waitForFunction((waiting) => (window.__skirmish?.state()?.phase ?? waiting) !== waiting, MatchPhase.WAITING, { timeout: WAIT_MS });
    const serverState = matchMaker.getLocalRoomById(code)!.state as ArenaState;
    serverState.players.get(alice)!.score = 7;
    await pageA.waitForFunction((id) => window.__skirmish?.state()?.players[id]?.score === 7, alice, { timeout: WAIT_MS });
    await pageB.screenshot({ path: path.join(OUTPUT_DIR, "private-room-bob.png") });

    await pageA.reload();
    assert.equal(await waitInMatch(pageA), alice, "the reload took the same seat back");
    const back = await pageA.evaluate((id) => window.__skirmish?.state()?.players[id], alice);
    assert.deepEqual([back?.name, back?.score], ["Alice", 7]);
    await pageB.waitForFunction((id) => window.__skirmish?.state()?.players[id]?.connected === true, alice, { timeout: WAIT_MS });
    assert.equal(await pageB.evaluate(() => Object.keys(window.__skirmish?.state()?.players ?? {}).length), 2, "no duplicate Alice");
    assert.equal((await pageA.locator("#room-code").textContent())?.trim(), code, "the code is shown again after the reload");
    await pageA.screenshot({ path: path.join(OUTPUT_DIR, "private-room-alice-after-reload.png") });
    assert.equal(await pageA.evaluate((id) => window.__skirmish?.state()?.players[id]?.name, bob), "Bob", "Alice sees Bob again");

    const unexpected = world().browser.pageErrors.filter((e) => !EXPECTED_WRONG_CODE_LOG.test(e));
    assert.deepEqual(unexpected, [], "no errors in either page");
  });
});
