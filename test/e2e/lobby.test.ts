import assert from "node:assert/strict";
import path from "node:path";
import { CLIENT_DIR, openMenu, OUTPUT_DIR, roomOf, waitForPlayers, waitInMatch, useServerAndBrowser, WAIT_MS } from "./pages.ts";

describe("browser client: lobby", function () {
  this.timeout(30_000);
  const world = useServerAndBrowser();

  it("the menu lists public rooms live and joins one; leaving a match brings the lobby back", async () => {
    const pageA = await world().browser.newPage();
    const pageB = await world().browser.newPage();
    const url = world().server.httpUrl;

    await openMenu(pageB, url, "Bea");
    await pageB.locator("#lobby-status[data-status='live']").waitFor({ timeout: WAIT_MS });

    await openMenu(pageA, url, "Ann");
    await pageA.locator(".mode:has(#mode-teams)").click();
    await pageA.locator("#play").click();
    await waitInMatch(pageA);
    const roomId = await roomOf(pageA);
    assert.ok(roomId);
    assert.equal(await pageA.locator("#room-badge").isHidden(), true, "a public room shows no code");

    // Bea's menu shows the room without a refresh.
    const row = pageB.locator(`.lobby-room[data-room-id="${roomId}"]`);
    await row.waitFor({ timeout: WAIT_MS });
    await pageB.waitForFunction((id) => {
      const item = document.querySelector(`.lobby-room[data-room-id="${id}"]`);
      return item?.querySelector(".lobby-room__mode")?.textContent === "Teams" &&
        item.querySelector(".lobby-room__players")?.textContent?.startsWith("1/");
    }, roomId, { timeout: WAIT_MS });
    assert.match((await row.locator(".lobby-room__phase").textContent()) ?? "", /^Warm-up · \d:\d\d$/);
    await pageB.screenshot({ path: path.join(OUTPUT_DIR, "lobby-listing.png") });

    await row.locator(".lobby-room__join").click();
    await waitInMatch(pageB);
    assert.equal(await roomOf(pageB), roomId);
    await waitForPlayers(pageA, ["Ann", "Bea"]);
    const teams = await pageA.evaluate(() => Object.values(window.__skirmish?.state()?.players ?? {}).map((p) => p.team).sort());
    assert.deepEqual(teams, [1, 2], "one on each team");
    await pageA.screenshot({ path: path.join(OUTPUT_DIR, "lobby-teams-match.png") });

    // Ann leaves (Esc asks first, Esc again confirms): back on the menu, the lobby is joined again and shows the room Bea is still in.
    await pageA.keyboard.press("Escape");
    await pageA.locator("#leave-confirm").waitFor({ state: "visible", timeout: WAIT_MS });
    await pageA.keyboard.press("Escape");
    await pageA.locator("#menu").waitFor({ state: "visible", timeout: WAIT_MS });
    await pageA.waitForFunction((id) =>
      document.querySelector(`.lobby-room[data-room-id="${id}"] .lobby-room__players`)?.textContent?.startsWith("1/"), roomId, { timeout: WAIT_MS });
    assert.deepEqual(world().browser.pageErrors, [], "no errors in either page");
  });
});
