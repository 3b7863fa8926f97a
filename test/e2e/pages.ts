// What the browser tests do with a page: open the menu, wait to be in a match, read the test hook.
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { launchBrowser, requireBrowser, type BrowserOptions, type TestBrowser } from "./browser.ts";

export const CLIENT_DIR = "dist/client";
export const OUTPUT_DIR = "test-output";
/** The first page load parses Phaser; everything after is quick. */
export const WAIT_MS = 15_000;

export async function openMenu(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  await page.locator("#name").fill(name);
}

/** Waits until the page is in a match with its first state, and returns its session id. */
export async function waitInMatch(page: Page): Promise<string> {
  await page.waitForFunction(() => window.__skirmish?.connected === true, null, { timeout: WAIT_MS });
  const sessionId = await page.evaluate(() => window.__skirmish?.sessionId ?? null);
  assert.ok(sessionId, "in a match with a session id");
  return sessionId;
}

export const roomOf = (page: Page) => page.evaluate(() => window.__skirmish?.roomId ?? null);

/** Waits until the page's state lists exactly these names (in any order). */
export const waitForPlayers = (page: Page, names: string[]) =>
  page.waitForFunction((expected) => {
    const players = window.__skirmish?.state()?.players;
    if (!players) return false;
    return JSON.stringify(Object.values(players).map((p) => p.name).sort()) === JSON.stringify([...expected].sort());
  }, names, { timeout: WAIT_MS });

export interface BrowserWorld {
  server: TestServer;
  browser: TestBrowser;
}

/**
 * Registers a suite's hooks: the built client served by a real server on a free port, and a
 * fresh Chromium (or a loud skip without one). Returns the world once `before` has run.
 */
export function useServerAndBrowser(browserOptions: BrowserOptions = {}): () => BrowserWorld {
  let world: Partial<BrowserWorld> = {};
  before(async function () {
    requireBrowser(this);
    assert.ok(existsSync(path.join(CLIENT_DIR, "index.html")), `${CLIENT_DIR} is not built: run npm run build`);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    world.server = await startTestServer({ clientDir: CLIENT_DIR });
    world.browser = await launchBrowser(browserOptions);
  });
  after(async () => {
    await world.browser?.close();
    await world.server?.close();
    world = {};
  });
  return () => world as BrowserWorld;
}

/**
 * Page-side code, as text so no test-runner helpers leak into the page. Counts the frames the
 * page renders after the first `type` event matching `match` (a key's code for keydown, a
 * pointer type for pointerdown) until one draws the own player moved; resolves with that count
 * (1: the very next frame). Sets window.__armed once it listens.
 */
const FRAMES_UNTIL_MOTION = `([type, match]) => new Promise((resolve, reject) => {
  const hook = window.__skirmish;
  const start = hook.drawn().players[hook.sessionId];
  let pressedAt = null, frames = 0, lastAt = hook.drawn().at;
  const matches = (e) => (type === "keydown" ? e.code : e.pointerType) === match;
  window.addEventListener(type, (e) => { if (matches(e)) pressedAt = e.timeStamp; }, { capture: true, once: true });
  const deadline = performance.now() + 3000;
  const poll = () => {
    const frame = hook.drawn();
    if (pressedAt !== null && frame.at > pressedAt && frame.at !== lastAt) {
      frames++;
      lastAt = frame.at;
      const p = frame.players[hook.sessionId];
      if (Math.hypot(p.x - start.x, p.y - start.y) > 0.5) return resolve(frames);
    }
    if (performance.now() > deadline) return reject(new Error("no motion"));
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
  window.__armed = true;
})`;

/**
 * Starts counting the frames from the next `type` event matching `match` until the own player
 * is drawn moved (FRAMES_UNTIL_MOTION), and returns once the page listens: press, then await `frames`.
 */
export async function countFramesUntilMotion(page: Page, type: "keydown" | "pointerdown", match: string): Promise<{ frames: Promise<number> }> {
  const frames = page.evaluate(`(${FRAMES_UNTIL_MOTION})(${JSON.stringify([type, match])})`).then(Number);
  await page.waitForFunction("window.__armed === true");
  await page.evaluate("window.__armed = false");
  return { frames };
}
