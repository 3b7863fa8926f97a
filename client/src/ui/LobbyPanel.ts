import type { LobbyStatus } from "../lobby/LobbyFeed.ts";
import type { LobbyRow } from "../lobby/LobbyRooms.ts";
import { byId } from "./dom.ts";

interface RowElements {
  item: HTMLLIElement;
  mode: HTMLElement;
  players: HTMLElement;
  phase: HTMLElement;
  join: HTMLButtonElement;
  locked: HTMLElement;
}

const STATUS_TEXT: Record<LobbyStatus, string> = {
  connecting: "Connecting…",
  live: "Live",
  offline: "Offline · retrying",
};

/** What an empty list means depends on whether the lobby is reachable. */
const EMPTY_TEXT: Record<LobbyStatus, string> = {
  connecting: "Looking for open rooms…",
  live: "No open rooms right now. Press Play to start one.",
  offline: "The list of rooms cannot be reached right now. Play and private rooms may still work.",
};

/**
 * The menu's list of open public rooms. Rows are kept per room and updated in place, so
 * the clocks tick without the buttons under the pointer being rebuilt.
 */
export class LobbyPanel {
  /** Called with the room id when the player presses a row's Join button. */
  onJoin: ((roomId: string) => void) | null = null;
  private readonly doc: Document;
  private readonly list: HTMLElement;
  private readonly status: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly rows = new Map<string, RowElements>();
  private busy = false;

  constructor(doc: Document) {
    this.doc = doc;
    this.list = byId(doc, "lobby-rooms", HTMLElement);
    this.status = byId(doc, "lobby-status", HTMLElement);
    this.empty = byId(doc, "lobby-empty", HTMLElement);
  }

  setStatus(status: LobbyStatus): void {
    this.status.textContent = STATUS_TEXT[status];
    this.status.dataset.status = status;
    this.empty.textContent = EMPTY_TEXT[status];
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    for (const row of this.rows.values()) row.join.disabled = busy;
  }

  render(rows: readonly LobbyRow[]): void {
    const wanted = new Set(rows.map((r) => r.roomId));
    for (const [roomId, row] of this.rows) {
      if (!wanted.has(roomId)) {
        row.item.remove();
        this.rows.delete(roomId);
      }
    }
    rows.forEach((data, index) => {
      const row = this.rows.get(data.roomId) ?? this.createRow(data.roomId);
      setText(row.mode, data.modeLabel);
      row.mode.dataset.mode = data.mode;
      setText(row.players, data.players);
      setText(row.phase, `${data.phaseLabel} · ${data.timeLeft}`);
      row.join.hidden = !data.joinable;
      row.join.disabled = this.busy;
      row.locked.hidden = data.joinable;
      setText(row.locked, data.lockedLabel);
      row.item.classList.toggle("lobby-room--locked", !data.joinable);
      // Reorder only when needed: moving a node under the pointer would cancel a click.
      if (this.list.children[index] !== row.item) this.list.insertBefore(row.item, this.list.children[index] ?? null);
    });
    this.list.hidden = rows.length === 0;
    this.empty.hidden = rows.length > 0;
  }

  clear(): void {
    this.render([]);
  }

  private createRow(roomId: string): RowElements {
    const item = this.doc.createElement("li");
    item.className = "lobby-room";
    item.dataset.roomId = roomId;
    const span = (className: string) => {
      const element = this.doc.createElement("span");
      element.className = className;
      item.append(element);
      return element;
    };
    const mode = span("lobby-room__mode");
    const players = span("lobby-room__players");
    const phase = span("lobby-room__phase");
    const join = this.doc.createElement("button");
    join.type = "button";
    join.className = "button button--small lobby-room__join";
    join.textContent = "Join";
    join.addEventListener("click", () => { if (!this.busy) this.onJoin?.(roomId); });
    item.append(join);
    const locked = span("lobby-room__locked");
    const row = { item, mode, players, phase, join, locked };
    this.rows.set(roomId, row);
    return row;
  }
}

/** Writes text only when it changed, so an unchanged row costs no layout. */
function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}
