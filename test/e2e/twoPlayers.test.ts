import assert from "node:assert/strict";
import path from "node:path";
import { matchMaker } from "@colyseus/core";
import type { Page } from "playwright-core";
import type { ArenaRoom } from "../../server/rooms/ArenaRoom.ts";
import { MatchPhase } from "../../shared/protocol.ts";
import type { Rect } from "../../shared/sim/geometry.ts";
import { OUTPUT_DIR, roomOf, useServerAndBrowser } from "./pages.ts";

/** Generous: the first page load parses Phaser, and a match only starts after warm-up and countdown. */
const WAIT_MS = 30_000;

async function joinAs(page: Page, url: string, name: string): Promise<string> {
  await page.goto(url);
  await page.locator("#name").fill(name);
  await page.locator("#play").click();
  await page.waitForFunction(() => window.__skirmish?.connected === true, null, { timeout: WAIT_MS });
  const sessionId = await page.evaluate(() => window.__skirmish?.sessionId ?? null);
  assert.ok(sessionId, `${name} has a session id`);
  return sessionId;
}

/** Open ground near the middle of the arena: a spot with `width` free to its right, `depth` above and below. */
function openStrip(obstacles: readonly Rect[], width: number, depth: number): { x: number; y: number } {
  const clear = (x: number, y: number) => obstacles.every((o) => o.y > y + depth || o.y + o.h < y - depth || o.x > x + width || o.x + o.w < x - 60);
  for (let r = 0; r < 900; r += 20) {
    for (const [x, y] of [[1200 - r, 1200], [1200 + r, 1200], [1200, 1200 - r], [1200, 1200 + r]]) if (clear(x, y)) return { x, y };
  }
  throw new Error("no open ground near the middle of this map");
}

const playerX = (page: Page, sessionId: string) =>
  page.evaluate((id) => window.__skirmish?.state()?.players[id]?.x ?? null, sessionId);

describe("browser client: two players", function () {
  this.timeout(120_000);
  const world = useServerAndBrowser();

  it("joins both into one match, and a key held on one page moves that player on the other", async () => {
    const pageA = await world().browser.newPage();
    const pageB = await world().browser.newPage();
    const url = world().server.httpUrl;

    const alice = await joinAs(pageA, url, "Alice");
    const bob = await joinAs(pageB, url, "Bob");
    assert.notEqual(alice, bob);

    // Same room: each page sees both players, under the names they typed.
    for (const page of [pageA, pageB]) {
      await page.waitForFunction(([a, b]) => {
        const players = window.__skirmish?.state()?.players;
        return players?.[a]?.name === "Alice" && players?.[b]?.name === "Bob";
      }, [alice, bob] as const, { timeout: WAIT_MS });
    }

    // Countdown freezes everyone; wait for the match proper so the move counts.
    await pageB.waitForFunction((playing) => window.__skirmish?.state()?.phase === playing, MatchPhase.PLAYING, { timeout: WAIT_MS });
    await pageB.waitForFunction((id) => window.__skirmish?.state()?.players[id]?.alive === true, alice, { timeout: WAIT_MS });

    // Each page is sent only the players near its own (interest management): put them side by side.
    const room = matchMaker.getLocalRoomById((await roomOf(pageA))!) as ArenaRoom;
    const spot = openStrip(room.game.map.obstacles, 400, 60);
    Object.assign(room.state.players.get(alice)!, spot);
    Object.assign(room.state.players.get(bob)!, { x: spot.x + 300, y: spot.y });
    await pageB.waitForFunction(([id, x]) => {
      const p = window.__skirmish?.state()?.players[id];
      return !!p?.inView && Math.abs(p.x! - x) < 1;
    }, [alice, spot.x] as const, { timeout: WAIT_MS });

    const before = await playerX(pageB, alice);
    assert.equal(typeof before, "number");
    await pageA.bringToFront(); // a page behind another draws (and so sends its inputs) about once a second
    await pageA.keyboard.down("KeyD");
    await pageA.waitForTimeout(500); // a held key is a duration by nature
    await pageA.keyboard.up("KeyD");

    // Spawn points keep at least 30 units free to the right (obstacle gap, arena margin).
    await pageB.waitForFunction(([id, x0]) => {
      const x = window.__skirmish?.state()?.players[id]?.x;
      return typeof x === "number" && x > x0 + 10;
    }, [alice, before!] as const, { timeout: WAIT_MS });
    const after = await playerX(pageB, alice);
    assert.ok(after! > before! + 10, `Alice moved right as Bob sees it (${before} → ${after})`);

    // Bob did not move: inputs go only to their own player.
    const bobX = await playerX(pageA, bob);
    assert.equal(await playerX(pageB, bob), bobX);

    await pageA.screenshot({ path: path.join(OUTPUT_DIR, "two-players-alice.png") });
    await pageB.screenshot({ path: path.join(OUTPUT_DIR, "two-players-bob.png") });
    assert.deepEqual(world().browser.pageErrors, [], "no errors in either page");
  });
});
