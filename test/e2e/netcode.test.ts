// Two Chromium pages play through a delaying relay at 150 ms round trip: the own player
// moves on the first frame after a key goes down, the other page draws it moving smoothly,
// and the network panel shows the numbers.
import assert from "node:assert/strict";
import path from "node:path";
import { matchMaker } from "@colyseus/core";
import type { Page } from "playwright-core";
import { PLAYER_SPEED } from "../../shared/constants.ts";
import { MatchPhase } from "../../shared/protocol.ts";
import type { Rect } from "../../shared/sim/geometry.ts";
import { startLatencyRelay, symmetricProfile, type LatencyRelay } from "../../loadbots/latencyRelay.ts";
import type { ArenaRoom } from "../../server/rooms/ArenaRoom.ts";
import { countFramesUntilMotion, openMenu, OUTPUT_DIR, roomOf, useServerAndBrowser, waitInMatch } from "./pages.ts";

const WAIT_MS = 30_000;

/** Where page `viewer` draws player `id`, every frame for `ms`. */
const TRACK = `([id, ms]) => new Promise((resolve) => {
  const out = [];
  const end = performance.now() + ms;
  const poll = () => {
    const frame = window.__skirmish.drawn();
    const p = frame?.players[id];
    if (p && (out.length === 0 || out[out.length - 1][0] !== frame.at)) out.push([frame.at, p.x, p.y]);
    if (performance.now() < end) requestAnimationFrame(poll); else resolve(out);
  };
  requestAnimationFrame(poll);
})`;

/** The left end of a straight lane `length` long, clear of obstacles for a player walking right. */
function openLane(obstacles: readonly Rect[], length: number): { x: number; y: number } {
  for (let y = 100; y < 2300; y += 20) {
    for (let x = 100; x + length < 2300; x += 50) {
      if (obstacles.every((o) => o.y > y + 40 || o.y + o.h < y - 40 || o.x > x + length + 40 || o.x + o.w < x - 40)) return { x, y };
    }
  }
  throw new Error("no open lane on this map");
}

describe("browser client: netcode at 150 ms", function () {
  this.timeout(120_000);
  const world = useServerAndBrowser();
  let relay: LatencyRelay | undefined;
  before(async () => { relay = await startLatencyRelay({ targetPort: world().server.port, ...symmetricProfile(150, 10), seed: 3 }); });
  after(async () => { await relay?.close(); });

  async function inMatch(page: Page, name: string): Promise<string> {
    await openMenu(page, relay!.httpUrl, name);
    await page.locator("#play").click();
    return waitInMatch(page);
  }

  it("the own player moves on the next frame after a key press; the other page draws it moving smoothly", async () => {
    const pageA = await world().browser.newPage();
    const pageB = await world().browser.newPage();
    const alice = await inMatch(pageA, "Alice");
    const bob = await inMatch(pageB, "Bob");
    await pageA.waitForFunction((playing) => window.__skirmish?.state()?.phase === playing, MatchPhase.PLAYING, { timeout: WAIT_MS });
    await pageA.waitForFunction(() => window.__skirmish?.drawn() !== null, null, { timeout: WAIT_MS });

    const framesToMotion: number[] = [];
    for (let trial = 0; trial < 10; trial++) {
      const key = trial % 2 ? "KeyD" : "KeyA";
      await pageA.waitForTimeout(250); // stand still again, at another phase of the input step
      const measured = await countFramesUntilMotion(pageA, "keydown", key);
      await pageA.keyboard.down(key);
      framesToMotion.push(await measured.frames);
      await pageA.keyboard.up(key);
    }
    framesToMotion.sort((a, b) => a - b);
    assert.equal(framesToMotion[Math.floor(framesToMotion.length / 2)], 1, `the median key press shows on the next frame: ${framesToMotion}`);
    assert.ok(framesToMotion[framesToMotion.length - 1] <= 3, `none waits for the round trip: ${framesToMotion}`);

    // Alice walks right across open ground; Bob's page draws her moving, without jumping back.
    const server = matchMaker.getLocalRoomById((await roomOf(pageA))!) as ArenaRoom;
    const lane = openLane(server.game.map.obstacles, 700);
    Object.assign(server.state.players.get(alice)!, lane);
    // Bob stands by the lane (players pass through each other): his page is sent only what is near him.
    Object.assign(server.state.players.get(bob)!, { x: lane.x + 350, y: lane.y });
    await pageB.waitForFunction(([id, x]) => Math.abs((window.__skirmish?.drawn()?.players[id]?.x ?? 0) - x) < 1, [alice, lane.x] as const, { timeout: WAIT_MS });
    const tracked = pageB.evaluate(`(${TRACK})(${JSON.stringify([alice, 2500])})`) as Promise<[number, number, number][]>;
    await pageA.keyboard.down("KeyD");
    const path2 = await tracked;
    await pageA.keyboard.up("KeyD");
    const steps = path2.slice(1).map(([, x], i) => x - path2[i][1]);
    assert.ok(path2[path2.length - 1][1] - path2[0][1] > 100, "Bob sees Alice walk right");
    assert.ok(steps.every((dx) => dx > -0.5), `never drawn moving back: ${steps.filter((dx) => dx <= -0.5)}`);
    // Speed per frame (frames are not all equally long), once she is under way and before she stops.
    const speeds = path2.slice(1).map(([at, x], i) => ((x - path2[i][1]) / (at - path2[i][0])) * 1000).filter((v) => v > 0);
    const cruising = speeds.slice(Math.floor(speeds.length * 0.3), Math.floor(speeds.length * 0.8));
    const even = cruising.filter((v) => Math.abs(v - PLAYER_SPEED) <= PLAYER_SPEED * 0.25).length / cruising.length;
    assert.ok(even >= 0.9, `drawn at her speed in ${(even * 100).toFixed(0)} % of frames: ${cruising.map(Math.round)}`);
    assert.ok(Math.max(...cruising) < PLAYER_SPEED * 2, `no catch-up jumps: ${Math.max(...cruising)} u/s at most`);

    // The tab is frozen for two seconds (hidden, or the machine busy): afterwards the own player
    // is drawn exactly where the server has it, and moves on the next frame again.
    const cdp = await pageA.context().newCDPSession(pageA);
    await cdp.send("Page.setWebLifecycleState", { state: "frozen" });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await cdp.send("Page.setWebLifecycleState", { state: "active" });
    await pageA.waitForFunction((id) => {
      const hook = window.__skirmish;
      const drawn = hook?.drawn()?.players[id];
      const truth = hook?.state()?.players[id];
      return drawn && truth?.inView && Math.abs(drawn.x - truth.x!) < 0.01 && Math.abs(drawn.y - truth.y!) < 0.01 && hook!.net()!.pendingInputs <= 12;
    }, alice, { timeout: WAIT_MS });
    const measuredAfter = await countFramesUntilMotion(pageA, "keydown", "KeyS");
    await pageA.keyboard.down("KeyS");
    const framesAfterFreeze = await measuredAfter.frames;
    await pageA.keyboard.up("KeyS");
    assert.ok(framesAfterFreeze <= 3, `moves at once after the freeze: ${framesAfterFreeze} frames`);

    await pageA.keyboard.press("F3");
    await pageA.waitForSelector("#net-panel:not([hidden])");
    // Its rates are measured over the last seconds, which may still hold the frozen ones: wait for them to recover.
    await pageA.waitForFunction(() => {
      const net = window.__skirmish?.net();
      return net !== undefined && net !== null && net.patchesPerSec > 10 && net.fps > 10;
    }, undefined, { timeout: WAIT_MS });
    const net = await pageA.evaluate(() => window.__skirmish?.net());
    assert.ok(net && net.pingMs !== null && net.pingMs >= 140, `the panel's ping is the real round trip: ${net?.pingMs}`);
    await pageA.screenshot({ path: path.join(OUTPUT_DIR, "netcode-panel-laptop.png") });
    await pageA.setViewportSize({ width: 390, height: 844 });
    await pageA.waitForTimeout(300);
    await pageA.screenshot({ path: path.join(OUTPUT_DIR, "netcode-panel-phone.png") });
    assert.deepEqual(world().browser.pageErrors, [], "no errors in either page");
  });
});
