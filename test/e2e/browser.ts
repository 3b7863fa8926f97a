// Launches the system Chromium for browser tests, or explains loudly why it cannot.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Call first in a suite's `before` hook. Without Chromium the suite is skipped with a
 * loud message, unless REQUIRE_BROWSER=1 demands it (CI), in which case it fails.
 */
export function requireBrowser(context: Mocha.Context): void {
  if (existsSync(CHROMIUM_PATH)) return;
  const message = `Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install chromium) to run the browser tests.`;
  if (process.env.REQUIRE_BROWSER === "1") throw new Error(`${message} REQUIRE_BROWSER=1 is set.`);
  console.warn(`\n  !!! SKIPPING BROWSER TESTS !!! ${message}\n`);
  context.skip();
}

export interface TestBrowser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  /** Uncaught page errors and console errors seen so far, across all pages. */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

export interface BrowserOptions {
  /** Every page's size in CSS px: 1280×720 unless given. */
  viewport?: { width: number; height: number };
  /** A phone: touch events, a coarse pointer and the mobile viewport. */
  touch?: boolean;
}

/** A headless Chromium with a throwaway profile; every page is 1280×720 unless `options` say otherwise. */
export async function launchBrowser(options: BrowserOptions = {}): Promise<TestBrowser> {
  const profileDir = mkdtempSync(path.join(tmpdir(), "skirmish-e2e-"));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 720 },
    hasTouch: options.touch ?? false,
    isMobile: options.touch ?? false,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // Every page plays at full rate even when it is not the front tab.
      "--disable-background-timer-throttling",
      "--disable-backgrounding-occluded-windows",
      "--disable-renderer-backgrounding",
    ],
  });
  const pageErrors: string[] = [];
  const watch = (page: Page) => {
    page.on("pageerror", (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on("console", (msg) => { if (msg.type() === "error") pageErrors.push(`console.error: ${msg.text()}`); });
  };
  context.pages().forEach(watch);
  context.on("page", watch);
  return {
    context,
    pageErrors,
    async newPage() {
      // A persistent context opens with one blank page: use it first.
      const blank = context.pages().find((p) => p.url() === "about:blank" && !used.has(p));
      const page = blank ?? await context.newPage();
      used.add(page);
      return page;
    },
    async close() {
      await context.close().catch(() => {});
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

const used = new WeakSet<Page>();
