// A phone (touch, 390×844 upright and 844×390 sideways) in real matches: the left stick walks
// the own player from the very next frame and the right stick fires, both at once; the HUD's
// boxes never overlap and nothing is cut off; the server is told the world each way up shows;
// the NET and Scores buttons work; ?lowend=1 reduces the effects and says so; "Play again" on
// the results (a tap, or Enter) finds a new match.
import assert from "node:assert/strict";
import path from "node:path";
import { matchMaker } from "@colyseus/core";
import type { CDPSession, Page } from "playwright-core";
import { MAX_VIEW_SIDE_U } from "../../shared/constants.ts";
import { MatchPhase, type ViewSize } from "../../shared/protocol.ts";
import type { Rect } from "../../shared/sim/geometry.ts";
import type { ArenaRoom } from "../../server/rooms/ArenaRoom.ts";
import type { HudBox } from "../../client/src/testHook.ts";
import { countFramesUntilMotion, openMenu, OUTPUT_DIR, roomOf, useServerAndBrowser, waitInMatch } from "./pages.ts";

/** Generous: the first page load parses Phaser, and the machine may be busy. */
const WAIT_MS = 30_000;
const PORTRAIT = { width: 390, height: 844 };
const LANDSCAPE = { width: 844, height: 390 };
/** How far from a stick's centre the thumb goes (its radius is 60 px): well out of the dead zone. */
const THUMB_PX = 45;

async function arenaRoom(page: Page): Promise<ArenaRoom> {
  const room = matchMaker.getLocalRoomById((await roomOf(page))!) as ArenaRoom | undefined;
  assert.ok(room, "the page's room runs on this server");
  return room;
}

/** Skips the room's phases (the match clock is the room's own) until the page shows `phase`. */
async function playUntil(page: Page, room: ArenaRoom, phase: MatchPhase): Promise<void> {
  while (room.state.phase !== phase) {
    const from = room.state.phase;
    room.state.phaseEndsTick = room.state.tick + 1;
    await page.waitForFunction((p) => window.__skirmish?.state()?.phase !== p, from, { timeout: WAIT_MS });
  }
  await page.waitForFunction((p) => window.__skirmish?.state()?.phase === p, phase, { timeout: WAIT_MS });
}

/** A spot near the middle of the arena (the camera centred on it) with open ground `reach` above and below it. */
function openColumn(obstacles: readonly Rect[], reach: number): { x: number; y: number } {
  const clear = (x: number, y: number) => obstacles.every((o) => o.y > y + reach || o.y + o.h < y - reach || o.x > x + 60 || o.x + o.w < x - 60);
  for (let r = 0; r < 900; r += 20) {
    for (const [x, y] of [[1200 - r, 1200], [1200 + r, 1200], [1200, 1200 - r], [1200, 1200 + r]]) if (clear(x, y)) return { x, y };
  }
  throw new Error("no open ground near the middle of this map");
}

/** Until the server holds, for session `id`, the view the page's camera shows (in whole units). */
async function serverHasView(page: Page, room: ArenaRoom, id: string): Promise<ViewSize> {
  const shown = (await page.evaluate(() => window.__skirmish!.view()))!;
  assert.ok(shown.width <= MAX_VIEW_SIDE_U && shown.height <= MAX_VIEW_SIDE_U, `no side beyond the limit: ${JSON.stringify(shown)}`);
  const expected = { width: Math.round(shown.width), height: Math.round(shown.height) };
  for (const deadline = Date.now() + WAIT_MS; ; await new Promise((resolve) => setTimeout(resolve, 20))) {
    const held = room.interest.viewSize(id);
    if (held?.width === expected.width && held.height === expected.height) return held;
    assert.ok(Date.now() < deadline, `the server holds ${JSON.stringify(held)}, the page shows ${JSON.stringify(expected)}`);
  }
}

/** Real touches, through Chromium's input pipeline (touch and pointer events with pointerType "touch"). */
class Fingers {
  private readonly down = new Map<number, { x: number; y: number }>();
  private constructor(private readonly cdp: CDPSession) {}

  static async on(page: Page): Promise<Fingers> {
    return new Fingers(await page.context().newCDPSession(page));
  }

  press(id: number, x: number, y: number) {
    this.down.set(id, { x, y });
    return this.send("touchStart");
  }

  move(id: number, x: number, y: number) {
    this.down.set(id, { x, y });
    return this.send("touchMove");
  }

  lift(id: number) {
    this.down.delete(id);
    return this.send("touchEnd");
  }

  private send(type: "touchStart" | "touchMove" | "touchEnd") {
    const touchPoints = [...this.down].map(([id, p]) => ({ id, x: p.x, y: p.y }));
    return this.cdp.send("Input.dispatchTouchEvent", { type, touchPoints });
  }
}

async function centreOf(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = await page.locator(selector).boundingBox();
  assert.ok(box, `${selector} is on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Until the own player stands still: drawn exactly where the server has it. */
const settled = (page: Page, id: string) => page.waitForFunction((me) => {
  const hook = window.__skirmish!;
  const drawn = hook.drawn()?.players[me], truth = hook.state()?.players[me];
  return !!drawn && !!truth?.inView && Math.abs(drawn.x - truth.x!) < 0.01 && Math.abs(drawn.y - truth.y!) < 0.01;
}, id, { timeout: WAIT_MS });

interface ShownBox extends HudBox {
  /** Its text is wider than its box. */
  clipped: boolean;
}

/** Every visible HUD box: the HTML ones by their rects, the canvas ones from the test hook. */
async function hudBoxes(page: Page): Promise<ShownBox[]> {
  return page.evaluate(() => {
    const selectors = ["#room-badge", "#minimap", "#match-buttons > button", "#chat", "#controls-hint", "#move-stick", "#aim-stick", "#dash-button"];
    const boxes = selectors.flatMap((selector) => [...document.querySelectorAll<HTMLElement>(selector)]
      .filter((el) => el.checkVisibility())
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { name: `#${el.id}`, x: r.x, y: r.y, width: r.width, height: r.height, clipped: el.scrollWidth > el.clientWidth };
      }));
    return [...boxes, ...(window.__skirmish!.hud() ?? []).map((b) => ({ ...b, clipped: false }))];
  });
}

/** No two boxes overlap, each is inside the screen, none cuts its text; named on failure. */
async function assertHudLaidOut(page: Page, where: string): Promise<void> {
  const boxes = await hudBoxes(page);
  const { width, height } = page.viewportSize()!;
  const names = boxes.map((b) => b.name);
  for (const expected of ["player panel", "match clock", "team scores", "ping", "#room-badge", "#minimap", "#scoreboard-toggle", "#chat-open", "#net-toggle", "#chat", "#controls-hint", "#move-stick", "#aim-stick", "#dash-button"]) {
    assert.ok(names.includes(expected), `${where}: ${expected} is shown (shown: ${names.join(", ")})`);
  }
  for (const b of boxes) {
    assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.width <= width + 0.5 && b.y + b.height <= height + 0.5, `${where}: ${b.name} is inside the screen: ${JSON.stringify(b)}`);
    assert.ok(!b.clipped, `${where}: ${b.name} shows all its text`);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const overlapX = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const overlapY = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      assert.ok(overlapX <= 0.5 || overlapY <= 0.5, `${where}: ${a.name} overlaps ${b.name}: ${JSON.stringify(a)} ${JSON.stringify(b)}`);
    }
  }
}

describe("browser client: phone", function () {
  this.timeout(180_000);
  const world = useServerAndBrowser({ viewport: PORTRAIT, touch: true });

  it("at 390×844 the left stick walks the own player from the next frame, and the right stick fires at the same time", async () => {
    const page = await world().browser.newPage();
    await openMenu(page, world().server.httpUrl, "Thumbs");
    await page.locator("#play").tap();
    const me = await waitInMatch(page);
    const room = await arenaRoom(page);
    await playUntil(page, room, MatchPhase.PLAYING);
    await page.waitForFunction((id) => window.__skirmish?.touch()?.shown === true && !!window.__skirmish.drawn()?.players[id], me, { timeout: WAIT_MS });
    const spot = openColumn(room.game.map.obstacles, 300);
    Object.assign(room.state.players.get(me)!, spot);
    await page.waitForFunction(([id, x, y]) => {
      const p = window.__skirmish?.drawn()?.players[id];
      return !!p && Math.abs(p.x - x) < 1 && Math.abs(p.y - y) < 1;
    }, [me, spot.x, spot.y] as const, { timeout: WAIT_MS });

    const fingers = await Fingers.on(page);
    const move = await centreOf(page, "#move-stick");
    const aim = await centreOf(page, "#aim-stick");

    // A thumb on the stick moves the player on the next frame, as a key does (up and down in turn).
    const framesToMotion: number[] = [];
    for (let trial = 0; trial < 5; trial++) {
      await settled(page, me);
      // As with keys (netcode.test.ts): stand still a while, so each touch meets another phase
      // of the input step and the step clock has paid back the time the last one took early.
      await page.waitForTimeout(250);
      const measured = await countFramesUntilMotion(page, "pointerdown", "touch");
      await fingers.press(1, move.x, move.y + (trial % 2 ? THUMB_PX : -THUMB_PX));
      framesToMotion.push(await measured.frames);
      await fingers.lift(1);
    }
    framesToMotion.sort((a, b) => a - b);
    assert.equal(framesToMotion[2], 1, `the median touch shows on the next frame: ${framesToMotion}`);
    assert.ok(framesToMotion[4] <= 3, `none waits for the round trip: ${framesToMotion}`);

    // Held up, it walks the player up, on this screen and on the server; let go, it stops exactly where the server has it.
    await settled(page, me);
    const start = await page.evaluate((id) => window.__skirmish!.state()!.players[id], me);
    assert.ok(start.x !== null && start.y !== null, "the own player is always in view");
    await fingers.press(1, move.x, move.y - THUMB_PX);
    const sticks = (await page.evaluate(() => window.__skirmish!.touch()))!;
    assert.deepEqual(sticks.held, ["up"]);
    assert.ok(sticks.move.y < -0.5 && Math.abs(sticks.move.x) < 0.01, `the knob follows the thumb: ${JSON.stringify(sticks.move)}`);
    await page.waitForFunction(([id, y]) => (window.__skirmish?.state()?.players[id]?.y ?? y) < y - 80, [me, start.y] as const, { timeout: WAIT_MS });
    await fingers.lift(1);
    await settled(page, me);
    assert.equal(await page.evaluate((id) => window.__skirmish!.state()!.players[id].x, me), start.x, "straight up");

    // Both sticks at once: walking down while firing to the right.
    const shotsBefore = (await page.evaluate(() => window.__skirmish!.net()!.shotsFired));
    await fingers.press(1, move.x, move.y + THUMB_PX);
    await fingers.press(2, aim.x + THUMB_PX, aim.y);
    const both = (await page.evaluate(() => window.__skirmish!.touch()))!;
    assert.deepEqual([...both.held].sort(), ["down", "fire"]);
    assert.equal(both.aimAngle, 0, "aimed right");
    await page.screenshot({ path: path.join(OUTPUT_DIR, "phone-sticks.png") });
    const mySlot = room.state.players.get(me)!.slot;
    const ownShot = () => [...room.game.shots()].find((p) => p.owner === mySlot);
    await page.waitForFunction((before) => window.__skirmish!.net()!.shotsFired > before, shotsBefore, { timeout: WAIT_MS });
    for (const deadline = Date.now() + WAIT_MS; !ownShot(); await new Promise((resolve) => setTimeout(resolve, 10))) {
      assert.ok(Date.now() < deadline, "the server launched a shot of the own player");
    }
    assert.ok(Math.cos(ownShot()!.heading) > 0.99, `the shot flies right: heading ${ownShot()!.heading}`);
    await page.waitForFunction(([id, y]) => (window.__skirmish?.state()?.players[id]?.y ?? y) > y + 40, [me, start.y - 80] as const, { timeout: WAIT_MS });
    await fingers.lift(2);
    await fingers.lift(1);
    await page.waitForFunction(() => window.__skirmish!.touch()!.held.length === 0, null, { timeout: WAIT_MS });
    await settled(page, me);

    assert.deepEqual(world().browser.pageErrors, [], "no errors in the page");
    await page.close();
  });

  it("upright and sideways, no two HUD boxes overlap and none cuts its text; NET, Scores and Chat open with a tap; ?lowend=1 reduces effects", async () => {
    const page = await world().browser.newPage();
    await openMenu(page, `${world().server.httpUrl}/?lowend=1`, "Thumbs");
    // Teams in a private room: the team scores and the room's code are on screen too.
    await page.locator(".mode:has(#mode-teams)").tap();
    await page.locator("#create-private").tap();
    const me = await waitInMatch(page);
    const room = await arenaRoom(page);
    await playUntil(page, room, MatchPhase.PLAYING);
    await page.waitForFunction(() => window.__skirmish?.touch()?.shown === true && (window.__skirmish.hud()?.length ?? 0) > 0, null, { timeout: WAIT_MS });
    const lowEnd = (await page.evaluate(() => window.__skirmish!.lowEnd()))!;
    assert.deepEqual([lowEnd.on, lowEnd.reason], [true, "forced"]);

    await assertHudLaidOut(page, "390×844");
    const upright = await serverHasView(page, room, me);
    assert.ok(upright.height > upright.width, `told at joining: ${JSON.stringify(upright)}`);
    assert.match((await page.locator("#controls-hint").innerText()), /Left stick move/, "the hint names the sticks, not the keys");
    await page.screenshot({ path: path.join(OUTPUT_DIR, "phone-portrait.png") });

    await page.setViewportSize(LANDSCAPE);
    // The canvas HUD lays itself out again at the new size (the ping keeps to the right edge).
    await page.waitForFunction((width) => {
      const ping = window.__skirmish?.hud()?.find((b) => b.name === "ping");
      return window.innerWidth === width && !!ping && Math.abs(ping.x + ping.width - (width - 16)) < 4;
    }, LANDSCAPE.width, { timeout: WAIT_MS });
    await assertHudLaidOut(page, "844×390");
    const sideways = await serverHasView(page, room, me);
    assert.deepEqual(sideways, { width: upright.height, height: upright.width }, "told when the phone turned");
    await page.screenshot({ path: path.join(OUTPUT_DIR, "phone-landscape.png") });

    // The touch buttons: NET shows the network panel, which says effects are reduced, and why.
    await page.locator("#net-toggle").tap();
    await page.waitForSelector("#net-panel:not([hidden])", { timeout: WAIT_MS });
    await page.waitForFunction(() => document.getElementById("net-stats")?.textContent?.includes("reduced (?lowend=1)") === true, null, { timeout: WAIT_MS });
    await page.locator("#net-toggle").tap();
    await page.waitForSelector("#net-panel", { state: "hidden", timeout: WAIT_MS });
    await page.locator("#scoreboard-toggle").tap();
    await page.waitForFunction(() => window.__skirmish?.scoreboard()?.open === true, null, { timeout: WAIT_MS });
    await page.locator("#scoreboard-toggle").tap();
    await page.waitForFunction(() => window.__skirmish?.scoreboard()?.open === false, null, { timeout: WAIT_MS });
    // Without an Enter key, the Chat button opens the line; the message reaches the room.
    await page.locator("#chat-open").tap();
    await page.waitForFunction(() => document.activeElement?.id === "chat-input", null, { timeout: WAIT_MS });
    await page.keyboard.type("sent from a phone");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => [...document.querySelectorAll("#chat-log li")].some((li) => li.textContent?.includes("sent from a phone")), null, { timeout: WAIT_MS });

    assert.deepEqual(world().browser.pageErrors, [], "no errors in the page");
    await page.close();
  });

  it("Play again on the results, tapped or with Enter, puts the player in a new match", async () => {
    const page = await world().browser.newPage();
    await page.setViewportSize(PORTRAIT);
    await openMenu(page, world().server.httpUrl, "Again");
    await page.locator("#play").tap();
    await waitInMatch(page);

    const playAgain = page.locator("#play-again");
    const finishMatch = async () => {
      await playUntil(page, await arenaRoom(page), MatchPhase.RESULTS);
      await playAgain.waitFor({ state: "visible", timeout: WAIT_MS });
      await page.waitForFunction(() => document.activeElement?.id === "play-again", null, { timeout: WAIT_MS });
      const box = (await playAgain.boundingBox())!;
      const { width, height } = page.viewportSize()!;
      assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height, `on screen: ${JSON.stringify(box)}`);
      assert.ok(box.height >= 28, `big enough for a thumb: ${JSON.stringify(box)}`);
      return roomOf(page);
    };
    const newMatch = (left: string | null) => page.waitForFunction(([old, results]) => {
      const hook = window.__skirmish;
      return hook?.connected === true && hook.roomId !== null && hook.roomId !== old && hook.state()?.phase !== results;
    }, [left, MatchPhase.RESULTS] as const, { timeout: WAIT_MS });

    const first = await finishMatch();
    await page.screenshot({ path: path.join(OUTPUT_DIR, "phone-results.png") });
    await playAgain.tap();
    await newMatch(first);
    assert.equal(await playAgain.isVisible(), false, "the button goes with the results");

    // Sideways, the results panel fills the short screen: the match's buttons and the chat make way.
    await page.setViewportSize(LANDSCAPE);
    const second = await finishMatch();
    for (const id of ["#match-buttons", "#chat"]) assert.equal(await page.locator(id).isVisible(), false, `${id} gives the results room`);
    await page.screenshot({ path: path.join(OUTPUT_DIR, "phone-results-sideways.png") });
    await page.keyboard.press("Enter");
    await newMatch(second);
    assert.equal(await page.evaluate(() => document.getElementById("chat-input")?.hidden), true, "Enter pressed the button, not the chat");

    assert.deepEqual(world().browser.pageErrors, [], "no errors in the page");
    await page.close();
  });
});
