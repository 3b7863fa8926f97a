// What the browser tests do with a page: open the menu, wait to be in a match, read the test hook.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";

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
