import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { launchBrowser, requireBrowser, type TestBrowser } from "./browser.ts";
import { CLIENT_DIR, openMenu, OUTPUT_DIR, roomOf, waitForPlayers, waitInMatch, WAIT_MS } from "./pages.ts";

describe("browser client: lobby", function () {
  this.timeout(30_000);
  let server: TestServer | undefined;
  let browser: TestBrowser | undefined;

  before(async function () {
    requireBrowser(this);
    assert.ok(existsSync(path.join(CLIENT_DIR, "index.html")), `${CLIENT_DIR} is not built: run npm run build`);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    server = await startTestServer({ clientDir: CLIENT_DIR });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("the menu lists public rooms live and joins one; leaving a match brings the lobby back", async () => {
    const pageA = await browser!.newPage();
    const pageB = await browser!.newPage();
    const url = server!.httpUrl;

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

    // Ann leaves: back on the menu, the lobby is joined again and shows the room Bea is still in.
    await pageA.keyboard.press("Escape");
    await pageA.locator("#menu").waitFor({ state: "visible", timeout: WAIT_MS });
    await pageA.waitForFunction((id) =>
      document.querySelector(`.lobby-room[data-room-id="${id}"] .lobby-room__players`)?.textContent?.startsWith("1/"), roomId, { timeout: WAIT_MS });
    assert.deepEqual(browser!.pageErrors, [], "no errors in either page");
  });
});
