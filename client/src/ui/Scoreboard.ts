import { isEditable } from "../input/isEditable.ts";
import type { ScoreboardRow } from "../view/scoreboard.ts";
import { byId } from "./dom.ts";

/** How often an open scoreboard refreshes. */
const REFRESH_MS = 250;

/** What the scoreboard reads while open. */
export interface ScoreboardReadout {
  rows: ScoreboardRow[];
  teams: boolean;
  /** The own round trip, shown on the own row (the state has no per-player ping). */
  pingMs: number | null;
}

/** The connection column: the own ping, or whether the player's connection is up or dropped. */
export function connectionLabel(row: ScoreboardRow, pingMs: number | null): string {
  if (row.self) return pingMs === null ? "you" : `${Math.round(pingMs)} ms`;
  return row.connected ? "online" : "dropped";
}

/**
 * The scoreboard over the match: held open with Tab, or pinned open with its button (touch
 * and mouse). Everyone's name, team, score, kills, deaths and connection, the own row
 * highlighted, refreshed live while shown. Closed, it costs nothing.
 */
export class Scoreboard {
  private readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private readonly buttons: HTMLElement;
  private readonly toggleButton: HTMLButtonElement;
  private read: (() => ScoreboardReadout | null) | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private held = false;
  private pinned = false;
  /** The rows last shown, for the test hook. */
  shownRows: ScoreboardRow[] = [];

  constructor(private readonly doc: Document) {
    this.root = byId(doc, "scoreboard", HTMLElement);
    this.body = byId(doc, "scoreboard-rows", HTMLElement);
    this.buttons = byId(doc, "match-buttons", HTMLElement);
    this.toggleButton = byId(doc, "scoreboard-toggle", HTMLButtonElement);
    this.toggleButton.addEventListener("click", () => {
      this.toggleButton.blur(); // Space and Enter belong to the game
      this.pinned = !this.pinned;
      this.update();
    });
  }

  get open(): boolean {
    return this.timer !== null;
  }

  /** For a match: Tab shows the scoreboard while held; the button pins it open. */
  attach(read: () => ScoreboardReadout | null): void {
    this.read = read;
    this.buttons.hidden = false;
    this.doc.addEventListener("keydown", this.onKeyDown);
    this.doc.addEventListener("keyup", this.onKeyUp);
    this.doc.defaultView?.addEventListener("blur", this.onBlur);
  }

  detach(): void {
    this.doc.removeEventListener("keydown", this.onKeyDown);
    this.doc.removeEventListener("keyup", this.onKeyUp);
    this.doc.defaultView?.removeEventListener("blur", this.onBlur);
    this.held = this.pinned = false;
    this.update();
    this.buttons.hidden = true;
    this.read = null;
  }

  private update(): void {
    const open = this.held || this.pinned;
    this.toggleButton.setAttribute("aria-pressed", String(this.pinned));
    this.root.classList.toggle("scoreboard--pinned", this.pinned);
    if (open === this.open) return;
    this.root.hidden = !open;
    if (open) {
      this.refresh();
      this.timer = setInterval(() => this.refresh(), REFRESH_MS);
    } else if (this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
      this.shownRows = [];
    }
  }

  private readonly onKeyDown = (event: KeyboardEvent) => {
    if (event.code !== "Tab" || isEditable(event.target)) return;
    event.preventDefault(); // Tab would move the focus out of the game
    if (event.repeat || this.held) return;
    this.held = true;
    this.update();
  };

  private readonly onKeyUp = (event: KeyboardEvent) => {
    if (event.code !== "Tab" || !this.held) return;
    this.held = false;
    this.update();
  };

  /** A Tab released while the window was not focused never arrives. */
  private readonly onBlur = () => {
    if (!this.held) return;
    this.held = false;
    this.update();
  };

  private refresh(): void {
    const readout = this.read?.();
    if (!readout) return;
    this.shownRows = readout.rows;
    this.root.classList.toggle("scoreboard--ffa", !readout.teams);
    const body = this.body;
    while (body.children.length > readout.rows.length) body.lastElementChild!.remove();
    while (body.children.length < readout.rows.length) {
      const tr = this.doc.createElement("tr");
      for (const cls of ["scoreboard__rank", "scoreboard__name", "scoreboard__team", "scoreboard__num", "scoreboard__num", "scoreboard__num", "scoreboard__conn"]) {
        const td = this.doc.createElement("td");
        td.className = cls;
        tr.append(td);
      }
      body.append(tr);
    }
    readout.rows.forEach((row, i) => {
      const tr = body.children[i] as HTMLTableRowElement;
      tr.className = `scoreboard__row${row.self ? " scoreboard__row--self" : ""}${row.connected ? "" : " scoreboard__row--dropped"}`;
      tr.dataset.session = row.sessionId;
      tr.dataset.team = String(row.team);
      if (row.self) tr.setAttribute("aria-current", "true");
      else tr.removeAttribute("aria-current");
      const values = [String(row.rank), row.name, row.teamName, String(row.score), String(row.kills), String(row.deaths), connectionLabel(row, readout.pingMs)];
      values.forEach((value, c) => {
        const cell = tr.children[c] as HTMLElement;
        if (cell.textContent !== value) cell.textContent = value;
      });
      (tr.children[6] as HTMLElement).classList.toggle("scoreboard__status--dropped", !row.connected);
    });
  }
}
