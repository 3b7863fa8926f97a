// The settings panel and the sound in a real browser: the settings are remembered across a
// reload and take effect in a match (network panel at the start, the colour-blind-safe
// palette on players and the minimap); no audio starts before the player's first gesture,
// and the own shot is heard after one.
import assert from "node:assert/strict";
import path from "node:path";
import { matchMaker } from "@colyseus/core";
import type { Page } from "playwright-core";
import type { ArenaRoom } from "../../server/rooms/ArenaRoom.ts";
import { SafePalette } from "../../client/src/view/palette.ts";
import { MatchPhase } from "../../shared/protocol.ts";
import { OUTPUT_DIR, roomOf, useServerAndBrowser, waitInMatch, WAIT_MS } from "./pages.ts";

const settingsOf = (page: Page) => page.evaluate(() => window.__skirmish?.settings() ?? null);
const soundOf = (page: Page) => page.evaluate(() => window.__skirmish?.sound() ?? null);

/** A page on the menu with nothing remembered from earlier tests, reached without any gesture. */
async function freshMenu(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForSelector("#menu:not([hidden])", { timeout: WAIT_MS });
}

/** Joins quick play as `name` through the form without a click or a key: no gesture reaches the page. */
async function joinWithoutGesture(page: Page, name: string): Promise<string> {
  await page.evaluate((n) => {
    (document.getElementById("name") as HTMLInputElement).value = n;
    (document.getElementById("play-form") as HTMLFormElement).requestSubmit();
  }, name);
  return waitInMatch(page);
}

/** Warnings and errors the page logged about audio (a browser that blocked it says so). */
function audioComplaints(page: Page): string[] {
  const complaints: string[] = [];
  page.on("console", (message) => {
    if (/audio/i.test(message.text())) complaints.push(`${message.type()}: ${message.text()}`);
  });
  return complaints;
}

describe("browser client: settings and sound", function () {
  this.timeout(120_000);
  const world = useServerAndBrowser();

  it("remembers volume, mute, palette and the network panel across a reload, and applies them in a match", async () => {
    const page = await world().browser.newPage();
    await freshMenu(page, world().server.httpUrl);
    assert.deepEqual(await settingsOf(page), { volume: 0.7, muted: false, showNetPanel: false, colorBlindPalette: false, name: "" }, "defaults");

    await page.locator("#settings-open").click();
    await page.locator("#settings").waitFor({ state: "visible" });
    await page.locator("#settings-name").fill("Zed");
    await page.locator("#settings-volume").fill("30");
    await page.locator("#settings-mute").check();
    await page.locator("#settings-palette").check();
    await page.locator("#settings-net-panel").check();
    await page.locator("#settings-done").click();
    await page.locator("#settings").waitFor({ state: "hidden" });
    assert.equal(await page.locator("#name").inputValue(), "Zed", "one name: the menu's field follows");
    const chosen = { volume: 0.3, muted: true, showNetPanel: true, colorBlindPalette: true, name: "Zed" };
    assert.deepEqual(await settingsOf(page), chosen);

    await page.reload();
    await page.waitForSelector("#menu:not([hidden])", { timeout: WAIT_MS });
    assert.deepEqual(await settingsOf(page), chosen, "remembered");
    assert.equal(await page.locator("#name").inputValue(), "Zed");
    await page.locator("#name").blur(); // the menu focuses it: O would be typed into it
    await page.keyboard.press("KeyO");
    await page.locator("#settings").waitFor({ state: "visible" });
    assert.equal(await page.locator("#settings-volume").inputValue(), "30");
    assert.equal(await page.locator("#settings-mute").isChecked(), true);
    assert.equal(await page.locator("#settings-palette").isChecked(), true);
    await page.keyboard.press("Escape");
    await page.locator("#settings").waitFor({ state: "hidden" });

    // In a match: the network panel is open from the start, and the own player wears its mark.
    await page.locator("#play").click();
    const me = await waitInMatch(page);
    await page.locator("#net-panel").waitFor({ state: "visible", timeout: WAIT_MS });
    await page.waitForFunction((id) => window.__skirmish?.drawn()?.players[id]?.mark === "disc", me, { timeout: WAIT_MS });
    assert.equal((await page.evaluate(() => window.__skirmish?.drawn()))!.players[me].color, SafePalette.self);
    await page.close();
  });

  it("starts no audio before the first gesture, and sounds the own shot after one", async () => {
    const page = await world().browser.newPage();
    const complaints = audioComplaints(page);
    await freshMenu(page, world().server.httpUrl);
    const me = await joinWithoutGesture(page, "Quiet");

    // Something worth a sound happens before any gesture: the own player is hurt.
    const room = matchMaker.getLocalRoomById((await roomOf(page))!) as ArenaRoom;
    await page.waitForFunction((id) => window.__skirmish?.state()?.players[id]?.alive === true, me, { timeout: WAIT_MS });
    room.state.players.get(me)!.hp -= 10;
    await page.waitForFunction(() => (window.__skirmish?.sound()?.requested.hurt ?? 0) > 0, null, { timeout: WAIT_MS });
    const silent = (await soundOf(page))!;
    assert.equal(silent.started, false, "no audio context before a gesture");
    assert.deepEqual(Object.values(silent.played).filter((n) => n > 0), [], "nothing played");

    // Space is a gesture, and fires.
    await page.keyboard.down("Space");
    try {
      await page.waitForFunction(() => (window.__skirmish?.sound()?.played.fire ?? 0) > 0, null, { timeout: WAIT_MS });
    } finally {
      await page.keyboard.up("Space");
    }
    const heard = (await soundOf(page))!;
    assert.equal(heard.started, true);
    assert.equal(heard.played.hurt, 0, "what happened before the gesture stays unplayed");
    assert.deepEqual(complaints, [], "the browser had nothing to say about audio");
    await page.close();
  });

  it("switches the palette during a match: players and the minimap change their look", async () => {
    const [alice, bob] = [await world().browser.newPage(), await world().browser.newPage()];
    const url = world().server.httpUrl;
    await freshMenu(alice, url);
    await freshMenu(bob, url);
    const aliceId = await joinWithoutGesture(alice, "Alice");
    const bobId = await joinWithoutGesture(bob, "Bob");
    assert.equal(await roomOf(bob), await roomOf(alice), "one room");
    // Side by side once the match's fresh spawns are behind: a page is sent only the players near its own.
    const room = matchMaker.getLocalRoomById((await roomOf(alice))!) as ArenaRoom;
    await alice.waitForFunction((playing) => window.__skirmish?.state()?.phase === playing, MatchPhase.PLAYING, { timeout: WAIT_MS });
    const at = room.state.players.get(aliceId)!;
    Object.assign(room.state.players.get(bobId)!, { x: at.x + (at.x < room.game.map.width / 2 ? 150 : -150), y: at.y });
    const looks = () => alice.evaluate(([a, b]) => {
      const drawn = window.__skirmish?.drawn()?.players;
      return drawn?.[a] && drawn[b] ? { self: drawn[a], other: drawn[b], minimap: window.__skirmish!.minimap()!.safePalette } : null;
    }, [aliceId, bobId] as const);
    await alice.waitForFunction(([a, b]) => {
      const drawn = window.__skirmish?.drawn()?.players;
      return !!drawn?.[a] && !!drawn[b];
    }, [aliceId, bobId] as const, { timeout: WAIT_MS });
    const before = (await looks())!;
    assert.deepEqual([before.self.mark, before.other.mark, before.minimap], ["none", "none", false], "the standard look");

    await alice.keyboard.press("KeyO");
    await alice.locator("#settings").waitFor({ state: "visible" });
    await alice.locator("#settings-palette").check();
    // Esc closes the panel and nothing else: the match goes on.
    await alice.keyboard.press("Escape");
    await alice.locator("#settings").waitFor({ state: "hidden" });
    await alice.waitForFunction(([a, b]) => {
      const hook = window.__skirmish!;
      const drawn = hook.drawn()?.players;
      return drawn?.[a]?.mark === "disc" && drawn[b]?.mark === "triangle" && hook.minimap()?.safePalette === true;
    }, [aliceId, bobId] as const, { timeout: WAIT_MS });
    const after = (await looks())!;
    assert.deepEqual([after.self.color, after.other.color], [SafePalette.self, SafePalette.enemy]);
    assert.equal(await alice.evaluate(() => window.__skirmish?.feedback()?.leaveConfirmOpen), false, "Esc did not ask to leave");
    assert.equal(await alice.evaluate(() => window.__skirmish?.connected), true);
    await alice.screenshot({ path: path.join(OUTPUT_DIR, "settings-safe-palette.png") });

    // Bob's screen keeps its own setting.
    const bobSees = await bob.evaluate((a) => window.__skirmish?.drawn()?.players[a]?.mark, aliceId);
    assert.equal(bobSees, "none");
    assert.deepEqual(world().browser.pageErrors, [], "no errors in any page");
    await alice.close();
    await bob.close();
  });
});
