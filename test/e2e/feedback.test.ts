// Two real players in one room: one shoots the other. The shooter's page shows hit markers and
// damage numbers, the victim's page flashes, and the victim's death screen names the killer,
// whom its camera then follows. Esc asks before leaving; the chat can hide its system lines.
import assert from "node:assert/strict";
import path from "node:path";
import { matchMaker } from "@colyseus/core";
import type { Page } from "playwright-core";
import { MatchPhase } from "../../shared/protocol.ts";
import type { Rect } from "../../shared/sim/geometry.ts";
import type { ArenaRoom } from "../../server/rooms/ArenaRoom.ts";
import { openMenu, OUTPUT_DIR, roomOf, useServerAndBrowser, waitInMatch } from "./pages.ts";

/** Generous: the first page load parses Phaser, and a match only starts after warm-up and countdown. */
const WAIT_MS = 30_000;
const GAP_U = 170;

/**
 * A spot near the middle of the arena (so the camera is centred on the player, not held at an
 * edge) with open ground `GAP_U` to its right.
 */
function openSpot(obstacles: readonly Rect[]): { x: number; y: number } {
  for (let r = 0; r < 900; r += 20) {
    for (const [x, y] of [[1200 - r, 1200], [1200 + r, 1200], [1200, 1200 - r], [1200, 1200 + r], [1200 - r, 1200 - r], [1200 + r, 1200 + r]]) {
      const clear = obstacles.every((o) => o.y > y + 50 || o.y + o.h < y - 50 || o.x > x + GAP_U + 50 || o.x + o.w < x - 50);
      if (clear) return { x, y };
    }
  }
  throw new Error("no open ground near the middle of this map");
}

async function joinAs(page: Page, url: string, name: string): Promise<string> {
  await openMenu(page, url, name);
  await page.locator("#play").click();
  return waitInMatch(page);
}

const feedbackOf = (page: Page) => page.evaluate(() => window.__skirmish?.feedback() ?? null);

describe("browser client: combat feedback", function () {
  this.timeout(120_000);
  const world = useServerAndBrowser();

  it("the shooter sees hit markers, the victim a flash and then who killed them", async () => {
    const shooterPage = await world().browser.newPage();
    const victimPage = await world().browser.newPage();
    const url = world().server.httpUrl;
    const alice = await joinAs(shooterPage, url, "Alice");
    const bob = await joinAs(victimPage, url, "Bob");
    await victimPage.waitForFunction(([a, b]) => {
      const players = window.__skirmish?.state()?.players;
      return players?.[a]?.name === "Alice" && players?.[b]?.name === "Bob";
    }, [alice, bob] as const, { timeout: WAIT_MS });

    // The chat shows the joins; its toggle hides system lines, and the page remembers that.
    await victimPage.waitForSelector("#chat .chat__line--system", { timeout: WAIT_MS });
    await victimPage.locator(".chat__toggle").click();
    assert.equal(await victimPage.locator("#chat .chat__line--system").count(), 0, "system lines hidden");
    assert.equal(await victimPage.evaluate(() => localStorage.getItem("skirmish.chat.showSystem")), "0");
    await victimPage.locator(".chat__toggle").click();
    await victimPage.waitForSelector("#chat .chat__line--system", { timeout: WAIT_MS });

    await shooterPage.waitForFunction((playing) => window.__skirmish?.state()?.phase === playing, MatchPhase.PLAYING, { timeout: WAIT_MS });
    const room = matchMaker.getLocalRoomById((await roomOf(shooterPage))!) as ArenaRoom;
    await shooterPage.waitForFunction(([a, b]) => {
      const players = window.__skirmish?.state()?.players;
      return players?.[a]?.alive === true && players?.[b]?.alive === true;
    }, [alice, bob] as const, { timeout: WAIT_MS });

    // Face to face on open ground, Bob to Alice's right; the pointer right of the screen's centre (Alice) aims at him.
    const spot = openSpot(room.game.map.obstacles);
    Object.assign(room.state.players.get(alice)!, { x: spot.x, y: spot.y, protectedUntil: 0 });
    Object.assign(room.state.players.get(bob)!, { x: spot.x + GAP_U, y: spot.y, protectedUntil: 0 });
    for (const page of [shooterPage, victimPage]) {
      await page.waitForFunction(([a, b, x, gap]) => {
        const drawn = window.__skirmish?.drawn()?.players;
        return Math.abs((drawn?.[a]?.x ?? 0) - x) < 1 && Math.abs((drawn?.[b]?.x ?? 0) - x - gap) < 1;
      }, [alice, bob, spot.x, GAP_U] as const, { timeout: WAIT_MS });
    }
    const viewport = shooterPage.viewportSize()!;
    await shooterPage.mouse.move(viewport.width / 2 + 220, viewport.height / 2);

    await shooterPage.keyboard.down("Space");
    try {
      // The shooter: a marker with its damage number over Bob.
      await shooterPage.waitForFunction((b) => (window.__skirmish?.feedback()?.hitMarkers ?? []).some((m) => m.victim === b && m.damage > 0), bob, { timeout: WAIT_MS });
      const shooter = (await feedbackOf(shooterPage))!;
      assert.equal(shooter.hitMarkers[0].victimName, "Bob");
      assert.equal(shooter.hitMarkers[0].text, String(shooter.hitMarkers[0].damage));
      await shooterPage.screenshot({ path: path.join(OUTPUT_DIR, "feedback-hit-marker.png") });

      // The victim: a red flash (and a shake of the camera only: Bob is drawn exactly where he stands).
      await victimPage.waitForFunction(() => (window.__skirmish?.feedback()?.hurtFlashes ?? 0) > 0, null, { timeout: WAIT_MS });
      const still = await victimPage.evaluate((b) => {
        const hook = window.__skirmish!;
        return { drawn: hook.drawn()!.players[b], truth: hook.state()!.players[b] };
      }, bob);
      assert.ok(still.truth.inView && Math.abs(still.drawn.x - still.truth.x!) < 0.01 && Math.abs(still.drawn.y - still.truth.y!) < 0.01,
        `effects move no drawn position: drawn ${JSON.stringify(still.drawn)}, state ${JSON.stringify(still.truth)}`);

      // The kill: Bob's death screen names Alice.
      await victimPage.waitForFunction(() => window.__skirmish?.feedback()?.deathScreenKiller === "Alice", null, { timeout: WAIT_MS });
    } finally {
      await shooterPage.keyboard.up("Space");
    }
    await shooterPage.waitForFunction((b) => (window.__skirmish?.feedback()?.hitMarkers ?? []).some((m) => m.victim === b && m.kill), bob, { timeout: WAIT_MS });
    const victim = (await feedbackOf(victimPage))!;
    assert.ok(victim.hurtFlashes >= 2, `every hit flashed: ${victim.hurtFlashes}`);
    // During the respawn wait the camera turns to the killer, and comes back on respawn.
    await victimPage.waitForFunction((a) => window.__skirmish?.feedback()?.cameraFollows === a, alice, { timeout: WAIT_MS });
    await victimPage.screenshot({ path: path.join(OUTPUT_DIR, "feedback-death-screen.png") });
    await victimPage.waitForFunction((b) => {
      const f = window.__skirmish?.feedback();
      return window.__skirmish?.state()?.players[b]?.alive === true && f?.cameraFollows === b && f.deathScreenKiller === null;
    }, bob, { timeout: WAIT_MS });

    // Esc asks first; another key keeps playing; Esc twice leaves.
    await victimPage.keyboard.press("Escape");
    await victimPage.waitForFunction(() => window.__skirmish?.feedback()?.leaveConfirmOpen === true, null, { timeout: WAIT_MS });
    assert.equal(await victimPage.locator("#leave-confirm").isVisible(), true);
    await victimPage.keyboard.press("KeyW");
    await victimPage.waitForFunction(() => window.__skirmish?.feedback()?.leaveConfirmOpen === false, null, { timeout: WAIT_MS });
    assert.equal(await victimPage.evaluate(() => window.__skirmish?.connected), true, "still in the match");
    await victimPage.keyboard.press("Escape");
    await victimPage.waitForSelector("#leave-confirm:not([hidden])", { timeout: WAIT_MS });
    await victimPage.keyboard.press("Escape");
    await victimPage.waitForSelector("#menu:not([hidden])", { timeout: WAIT_MS });
    assert.equal(await victimPage.evaluate(() => window.__skirmish?.connected), false);

    assert.deepEqual(world().browser.pageErrors, [], "no errors in either page");
  });
});
