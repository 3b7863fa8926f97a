// Two real players in one room. The scoreboard (hold Tab, or its button) lists both, the own
// row highlighted; the minimap shows an enemy only when it is near (nobody fires here), placed
// far and then near through the server-side room.
import assert from "node:assert/strict";
import path from "node:path";
import { matchMaker } from "@colyseus/core";
import type { Page } from "playwright-core";
import { MINIMAP_ENEMY_RADIUS_U } from "../../shared/constants.ts";
import { MatchPhase } from "../../shared/protocol.ts";
import type { Point } from "../../shared/sim/geometry.ts";
import { spawnCandidates } from "../../server/game/spawn.ts";
import type { ArenaRoom } from "../../server/rooms/ArenaRoom.ts";
import { openMenu, OUTPUT_DIR, roomOf, useServerAndBrowser, waitInMatch } from "./pages.ts";

/** Generous: the first page load parses Phaser, the machine may be busy, and a match starts after warm-up and countdown. */
const WAIT_MS = 45_000;

async function joinAs(page: Page, url: string, name: string): Promise<string> {
  await openMenu(page, url, name);
  await page.locator("#play").click();
  return waitInMatch(page);
}

const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/** Two open points: the farthest pair from the first, and the nearest other one, from the spawn candidates. */
function spots(candidates: Point[]): { home: Point; far: Point; near: Point } {
  const home = candidates.reduce((best, p) => (dist(p, { x: 1200, y: 1200 }) < dist(best, { x: 1200, y: 1200 }) ? p : best));
  const others = candidates.filter((p) => p !== home);
  const far = others.reduce((best, p) => (dist(p, home) > dist(best, home) ? p : best));
  const near = others.filter((p) => dist(p, home) >= 150).reduce((best, p) => (dist(p, home) < dist(best, home) ? p : best));
  return { home, far, near };
}

describe("browser client: scoreboard and minimap", function () {
  this.timeout(180_000);
  const world = useServerAndBrowser();

  it("lists both players with the own row highlighted, and shows a near enemy on the minimap but not a far one", async () => {
    const alicePage = await world().browser.newPage();
    const bobPage = await world().browser.newPage();
    const url = world().server.httpUrl;
    const alice = await joinAs(alicePage, url, "Alice");
    const bob = await joinAs(bobPage, url, "Bob");
    await alicePage.waitForFunction(([a, b]) => {
      const players = window.__skirmish?.state()?.players;
      return players?.[a]?.name === "Alice" && players?.[b]?.name === "Bob";
    }, [alice, bob] as const, { timeout: WAIT_MS });

    // Hold Tab: the scoreboard opens with both players, Alice's own row highlighted; release: it closes.
    assert.equal(await alicePage.locator("#scoreboard").isVisible(), false);
    await alicePage.keyboard.down("Tab");
    await alicePage.waitForFunction(() => (window.__skirmish?.scoreboard()?.rows.length ?? 0) === 2, null, { timeout: WAIT_MS });
    const board = (await alicePage.evaluate(() => window.__skirmish!.scoreboard()))!;
    assert.equal(board.open, true);
    assert.deepEqual(board.rows.map((r) => r.name).sort(), ["Alice", "Bob"]);
    assert.deepEqual(board.rows.filter((r) => r.self).map((r) => r.sessionId), [alice]);
    assert.equal(await alicePage.locator("#scoreboard").isVisible(), true);
    assert.deepEqual(await alicePage.locator("#scoreboard-rows tr").evaluateAll((rows) => rows.map((r) => r.children[1].textContent).sort()), ["Alice", "Bob"]);
    assert.equal(await alicePage.locator("#scoreboard-rows tr.scoreboard__row--self td:nth-child(2)").textContent(), "Alice");
    assert.equal(await alicePage.locator("#scoreboard-rows tr.scoreboard__row--self").count(), 1);
    await alicePage.screenshot({ path: path.join(OUTPUT_DIR, "scoreboard.png") });
    await alicePage.keyboard.up("Tab");
    await alicePage.waitForFunction(() => window.__skirmish?.scoreboard()?.open === false, null, { timeout: WAIT_MS });
    assert.equal(await alicePage.evaluate(() => document.activeElement === document.body || document.activeElement?.tagName === "CANVAS"), true, "Tab did not move the focus");

    // The button (touch and mouse) pins it open on Bob's page, his own row highlighted.
    await bobPage.locator("#scoreboard-toggle").click();
    await bobPage.waitForFunction((b) => window.__skirmish?.scoreboard()?.rows.some((r) => r.self && r.sessionId === b) === true, bob, { timeout: WAIT_MS });
    await bobPage.locator("#scoreboard-toggle").click();
    await bobPage.waitForFunction(() => window.__skirmish?.scoreboard()?.open === false, null, { timeout: WAIT_MS });

    // Placed by the server once the match plays (a new match respawns everyone).
    await alicePage.waitForFunction((playing) => window.__skirmish?.state()?.phase === playing, MatchPhase.PLAYING, { timeout: WAIT_MS });
    const room = matchMaker.getLocalRoomById((await roomOf(alicePage))!) as ArenaRoom;
    await alicePage.waitForFunction(([a, b]) => {
      const players = window.__skirmish?.state()?.players;
      return players?.[a]?.alive === true && players?.[b]?.alive === true;
    }, [alice, bob] as const, { timeout: WAIT_MS });
    const { home, far, near } = spots(spawnCandidates(room.game.map));
    assert.ok(dist(home, far) > MINIMAP_ENEMY_RADIUS_U * 1.5 && dist(home, near) < MINIMAP_ENEMY_RADIUS_U * 0.8);

    /** Alice at home and Bob at `bobAt`, which is on her screen or (`inView` false) so far that her page is not even sent where he is. */
    const place = async (bobAt: Point, inView: boolean) => {
      Object.assign(room.state.players.get(alice)!, { x: home.x, y: home.y });
      Object.assign(room.state.players.get(bob)!, { x: bobAt.x, y: bobAt.y });
      // Both where the server put them on Alice's screen: her own (predicted) and Bob (interpolated), or Bob nowhere.
      await alicePage.waitForFunction(([a, b, h, at, near]) => {
        const drawn = window.__skirmish?.drawn()?.players;
        const bobKnown = window.__skirmish?.state()?.players[b];
        const bobPlaced = near
          ? !!drawn?.[b] && Math.hypot(drawn[b].x - at.x, drawn[b].y - at.y) < 1
          : !!bobKnown && !bobKnown.inView && bobKnown.x === null && !drawn?.[b];
        return !!drawn?.[a] && Math.hypot(drawn[a].x - h.x, drawn[a].y - h.y) < 1 && bobPlaced;
      }, [alice, bob, home, bobAt, inView] as const, { timeout: WAIT_MS });
      // Then a fresh drawing of the minimap, from frames that drew them there.
      const since = await alicePage.evaluate(() => performance.now());
      await alicePage.waitForFunction(([a, h, t]) => {
        const minimap = window.__skirmish?.minimap();
        const self = minimap?.dots.find((d) => d.id === a);
        return !!minimap && minimap.at > t && !!self && self.mark === "self" && Math.hypot(self.x - h.x, self.y - h.y) < 1;
      }, [alice, home, since] as const, { timeout: WAIT_MS });
    };

    await place(far, false);
    const farDots = (await alicePage.evaluate(() => window.__skirmish!.minimap()))!;
    assert.equal(farDots.shown, true);
    assert.deepEqual(farDots.dots.map((d) => d.id), [alice], `a far enemy is not on the minimap: ${JSON.stringify(farDots.dots)}`);
    assert.equal(await alicePage.locator("#minimap").isVisible(), true);

    await place(near, true);
    await alicePage.waitForFunction((b) => window.__skirmish?.minimap()?.dots.some((d) => d.id === b && d.mark === "enemy") === true, bob, { timeout: WAIT_MS });
    await alicePage.screenshot({ path: path.join(OUTPUT_DIR, "minimap-near.png") });

    assert.deepEqual(world().browser.pageErrors, [], "no errors in either page");
  });
});
