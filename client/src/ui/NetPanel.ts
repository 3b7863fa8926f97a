import type { NetReadout } from "../net/NetStats.ts";
import { isEditable } from "../input/isEditable.ts";
import { byId } from "./dom.ts";

/** How often an open panel refreshes. */
const REFRESH_MS = 250;

const ms = (v: number) => `${Math.round(v)} ms`;
const rate = (bytesPerSec: number) => (bytesPerSec >= 1024 ? `${(bytesPerSec / 1024).toFixed(1)} KB/s` : `${Math.round(bytesPerSec)} B/s`);

/**
 * The panel's rows, label and value: what the numbers mean, formatted. `effects` says why
 * effects are reduced (low-end mode); null when they are not.
 */
export function netPanelRows(r: NetReadout, simulated: string | null, effects: string | null = null): [string, string][] {
  const rows: [string, string][] = [
    ["Ping", r.pingMs === null ? "–" : `${ms(r.pingMs)} ±${Math.round(r.jitterMs)}`],
    ["Clock offset", r.clockSynced ? `${r.clockOffsetMs >= 0 ? "+" : ""}${r.clockOffsetMs.toFixed(1)} ms` : "syncing…"],
    ["Down · up", `${rate(r.bytesInPerSec)} · ${rate(r.bytesOutPerSec)}`],
    ["Messages in · out", `${Math.round(r.messagesInPerSec)} · ${Math.round(r.messagesOutPerSec)} /s`],
    ["Patches", `${r.patchesPerSec.toFixed(1)} /s`],
    ["Interp delay", `${ms(r.interpDelayMs)} (buffer ${ms(r.bufferMs)})`],
    ["Snapshot jitter", ms(r.snapshotJitterMs)],
    ["Extrapolated", `${(r.extrapolatedShare * 100).toFixed(1)} % (${r.extrapolatedFrames} frames)`],
    ["Corrections", `${r.correctionsPerMinute.toFixed(1)} /min (${r.snaps} snaps)`],
    ["Error at ack", `${r.lastErrorAtAckU.toFixed(2)} u`],
    ["Pending inputs", String(r.pendingInputs)],
    ["Shots hit · confirmed", `${r.shotsSeenHit} · ${r.shotsSeenAndRegistered} (+${r.shotsRegisteredUnseen} unseen, ${r.shotsTakenBack} taken back)`],
    ["FPS", String(Math.round(r.fps))],
  ];
  if (effects) rows.push(["Effects", effects]);
  if (simulated) rows.unshift(["Simulated lag", simulated]);
  return rows;
}

/**
 * The network panel: F3 (or its button on touch screens) shows the netcode's numbers over
 * the match. Closed, it costs nothing: no timer runs and nothing is read.
 */
export class NetPanel {
  private readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private readonly toggleButton: HTMLButtonElement;
  private read: (() => NetReadout | null) | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly doc: Document,
    private readonly simulated: string | null = null,
    private readonly effects: () => string | null = () => null,
  ) {
    this.root = byId(doc, "net-panel", HTMLElement);
    this.list = byId(doc, "net-stats", HTMLElement);
    this.toggleButton = byId(doc, "net-toggle", HTMLButtonElement);
    this.toggleButton.addEventListener("click", () => this.toggle());
  }

  get open(): boolean {
    return this.timer !== null;
  }

  /** For a match: F3 toggles the panel; touch screens get a button for it. `open`: shown from the start (a setting). */
  attach(read: () => NetReadout | null, open = false): void {
    this.read = read;
    this.setOpen(open);
    this.doc.addEventListener("keydown", this.onKey);
    // Shown only on a touch screen, by styles.css (the page's `touch` class, set with the sticks).
    this.toggleButton.hidden = false;
  }

  detach(): void {
    this.doc.removeEventListener("keydown", this.onKey);
    this.setOpen(false);
    this.toggleButton.hidden = true;
    this.read = null;
  }

  toggle(): void {
    this.setOpen(!this.open);
  }

  private setOpen(open: boolean): void {
    if (open === this.open) return;
    this.root.hidden = !open;
    this.toggleButton.setAttribute("aria-pressed", String(open));
    if (open) {
      this.refresh();
      this.timer = setInterval(() => this.refresh(), REFRESH_MS);
    } else if (this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private readonly onKey = (event: KeyboardEvent) => {
    if (event.code !== "F3" || isEditable(event.target)) return;
    event.preventDefault(); // F3 is the browser's "find next"
    this.toggle();
  };

  private refresh(): void {
    const readout = this.read?.();
    if (!readout) return;
    const rows = netPanelRows(readout, this.simulated, this.effects());
    if (this.list.children.length !== rows.length * 2) {
      this.list.replaceChildren(...rows.flatMap(() => [this.doc.createElement("dt"), this.doc.createElement("dd")]));
    }
    rows.forEach(([label, value], i) => {
      this.list.children[i * 2].textContent = label;
      this.list.children[i * 2 + 1].textContent = value;
    });
  }
}
