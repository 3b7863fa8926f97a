// Keypress to visible motion in a real Chromium: the page plays through the relay, a key
// goes down, and the time from the keydown event to the first rendered frame in which the
// own player is drawn elsewhere is read from the page's own clock (window.__skirmish.drawn()).
import { existsSync } from "node:fs";
import { CHROMIUM_PATH, launchBrowser } from "../../test/e2e/browser.ts";

const TRIALS = 20;
/**
 * Page-side code, as text: the bench runs under a TypeScript loader whose helpers the page
 * lacks. ARM notes where the player stands and starts listening for the key; AWAIT_MOTION
 * resolves with the time from that keydown to the first frame that drew the player elsewhere.
 */
const ARM = `(key) => {
  const hook = window.__skirmish;
  const start = hook.drawn()?.players[hook.sessionId];
  if (!start) throw new Error("own player not drawn");
  const probe = { start, pressedAt: null };
  const onKey = (event) => { if (event.code === key && probe.pressedAt === null) probe.pressedAt = event.timeStamp; };
  window.addEventListener("keydown", onKey, { capture: true, once: true });
  window.__keypressProbe = probe;
}`;
const AWAIT_MOTION = `() => new Promise((resolve, reject) => {
  const hook = window.__skirmish;
  const probe = window.__keypressProbe;
  const deadline = performance.now() + 2000;
  const poll = () => {
    const frame = hook.drawn();
    const now = frame?.players[hook.sessionId];
    if (probe.pressedAt !== null && now && Math.hypot(now.x - probe.start.x, now.y - probe.start.y) > 0.5) return resolve(frame.at - probe.pressedAt);
    if (performance.now() > deadline) return reject(new Error("no motion within 2 s of the key"));
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})`;

export interface KeypressResult { trials: number; p50: number; p90: number; max: number }

/** Null when Chromium or the built client is missing. */
export async function measureKeypressInBrowser(httpUrl: string): Promise<KeypressResult | null> {
  if (!existsSync(CHROMIUM_PATH) || !existsSync("dist/client/index.html")) return null;
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(httpUrl);
    await page.locator("#name").fill("Keys");
    await page.locator("#play").click();
    await page.waitForFunction("window.__skirmish?.connected === true && window.__skirmish.drawn() !== null", null, { timeout: 30_000 });
    const latencies: number[] = [];
    for (let i = 0; i < TRIALS; i++) {
      const key = i % 2 ? "KeyD" : "KeyA";
      await page.waitForTimeout(400); // standing still again, at a random phase of the input step
      await page.evaluate(`(${ARM})(${JSON.stringify(key)})`);
      await page.keyboard.down(key);
      latencies.push(Number(await page.evaluate(`(${AWAIT_MOTION})()`)));
      await page.keyboard.up(key);
    }
    latencies.sort((a, b) => a - b);
    const at = (q: number) => +latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
    return { trials: latencies.length, p50: at(0.5), p90: at(0.9), max: at(1) };
  } finally {
    await browser.close();
  }
}
