import Phaser from "phaser";
import { MatchPhase } from "../../../shared/protocol.ts";
import type { GameServices } from "../game/services.ts";
import type { ArenaConnection } from "../net/connection.ts";
import { secondsUntil } from "../view/format.ts";
import { FONT_FAMILY, TeamTextColor, TextColor } from "../view/palette.ts";
import { sortStandings, type Standing } from "../view/standings.ts";
import { resultsHeadline } from "../view/results.ts";
import { SceneKey } from "./sceneKeys.ts";

export interface ResultsSceneData {
  connection: ArenaConnection;
  /** "Play again": quick play in the same mode now; null hides the button (private rooms play on together). */
  playAgain?: (() => void) | null;
}

const SHOWN_ROWS = 10;
const ROW_HEIGHT = 28;
const PANEL_WIDTH = 520;
const BUTTON_WIDTH = 220;
const BUTTON_HEIGHT = 44;
/** Room under the rows for the button, when there is one. */
const BUTTON_SPACE = 64;
/** Standings are re-read this often while shown (players may leave during results). */
const REFRESH_MS = 500;
const COLUMNS = [
  { key: "rank", x: 24, align: 0 },
  { key: "name", x: 64, align: 0 },
  { key: "score", x: 340, align: 1 },
  { key: "kills", x: 420, align: 1 },
  { key: "deaths", x: 496, align: 1 },
] as const;

const style = (size: number, color: string = TextColor.primary, bold = false): Phaser.Types.GameObjects.Text.TextStyle => ({
  fontFamily: FONT_FAMILY, fontSize: `${size}px`, fontStyle: bold ? "bold" : "normal", color,
});

/** The end-of-match standings (and the winning team, in teams mode), shown over the arena during the results phase. */
export class ResultsScene extends Phaser.Scene {
  private connection!: ArenaConnection;
  private root!: Phaser.GameObjects.Container;
  private panel!: Phaser.GameObjects.Graphics;
  private title!: Phaser.GameObjects.Text;
  private winner!: Phaser.GameObjects.Text;
  private footer!: Phaser.GameObjects.Text;
  private rows: Phaser.GameObjects.Text[][] = [];
  private highlight!: Phaser.GameObjects.Graphics;
  private shade!: Phaser.GameObjects.Rectangle;
  private refreshedAt = -Infinity;
  private rowCount = 0;
  private playAgain: (() => void) | null = null;

  constructor(private readonly services: GameServices) {
    super({ key: SceneKey.RESULTS });
  }

  init(data: ResultsSceneData): void {
    this.connection = data.connection;
    this.refreshedAt = -Infinity;
    this.playAgain = data.playAgain ?? null;
  }

  create(): void {
    this.shade = this.add.rectangle(0, 0, 10, 10, 0x000000, 0.55).setOrigin(0);
    this.panel = this.add.graphics();
    this.highlight = this.add.graphics();
    this.title = this.add.text(PANEL_WIDTH / 2, 22, "MATCH OVER", style(28, TextColor.primary, true)).setOrigin(0.5, 0);
    this.winner = this.add.text(PANEL_WIDTH / 2, 60, "", style(16, TextColor.warn, true)).setOrigin(0.5, 0);
    const header = COLUMNS.map((c) =>
      this.add.text(c.x, 100, c.key === "rank" ? "#" : c.key.toUpperCase(), style(12, TextColor.muted, true)).setOrigin(c.align, 0));
    this.rows = Array.from({ length: SHOWN_ROWS + 1 }, (_, i) =>
      COLUMNS.map((c) => this.add.text(c.x, 124 + i * ROW_HEIGHT, "", style(16)).setOrigin(c.align, 0)));
    this.footer = this.add.text(PANEL_WIDTH / 2, 0, "", style(14, TextColor.muted)).setOrigin(0.5, 0);
    this.root = this.add.container(0, 0, [this.panel, this.highlight, this.title, this.winner, ...header, ...this.rows.flat(), this.footer]);
    this.setShown(false);
    this.layout();
    this.scale.on(Phaser.Scale.Events.RESIZE, this.layout, this);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      this.scale.off(Phaser.Scale.Events.RESIZE, this.layout, this);
      this.services.playAgain.hide();
    });
  }

  override update(): void {
    const { state, synced } = this.connection;
    const shown = synced && state.phase === MatchPhase.RESULTS;
    this.setShown(shown);
    if (!shown) {
      this.refreshedAt = -Infinity;
      return;
    }
    const now = performance.now();
    if (now - this.refreshedAt >= REFRESH_MS) {
      this.refreshedAt = now;
      this.fill(sortStandings(state.players.entries()));
    }
    const next = `Next match in ${secondsUntil(state.phaseEndsTick, state.tick)} s`;
    this.footer.setText(this.playAgain ? `${next} in this room` : `${next} · stay to play on together`);
  }

  private fill(standings: Standing[]): void {
    const me = this.connection.sessionId;
    // The top rows, plus the local player's own row when it is further down.
    const shown = standings.slice(0, SHOWN_ROWS);
    const mine = standings.find((s) => s.sessionId === me);
    if (mine && !shown.includes(mine)) shown.push(mine);

    const { state } = this.connection;
    const teams = state.mode === "teams";
    const teamOf = (sessionId: string) => state.players.get(sessionId)?.team ?? 0;
    // The server names the winner as the match ends (ArenaState.winnerId / winnerName / winnerTeam).
    const headline = resultsHeadline(state, me, teamOf(me));
    this.winner.setText(headline.text);
    this.winner.setColor(headline.team > 0 ? TeamTextColor[headline.team] ?? TextColor.warn : TextColor.warn);
    this.highlight.clear();
    this.rows.forEach((cells, i) => {
      const row = shown[i];
      const isMe = row?.sessionId === me;
      const values = row ? [String(row.rank), row.name, String(row.score), String(row.kills), String(row.deaths)] : ["", "", "", "", ""];
      // In teams mode each name wears its team's colour; otherwise the local player's row stands out.
      const nameColor = row && teams ? TeamTextColor[teamOf(row.sessionId)] ?? TextColor.primary : undefined;
      cells.forEach((cell, c) => cell.setText(values[c])
        .setColor(c === 1 && nameColor ? nameColor : isMe ? TextColor.accent : TextColor.primary)
        .setFontStyle(isMe ? "bold" : "normal"));
      if (isMe) this.highlight.fillStyle(0x38bdf8, 0.14).fillRoundedRect(12, 120 + i * ROW_HEIGHT, PANEL_WIDTH - 24, ROW_HEIGHT - 2, 6);
    });
    if (shown.length !== this.rowCount) {
      this.rowCount = shown.length;
      this.layout();
    }
  }

  private panelHeight(): number {
    return 124 + Math.max(1, this.rowCount) * ROW_HEIGHT + 52 + (this.playAgain ? BUTTON_SPACE : 0);
  }

  private layout(): void {
    const { width, height } = this.scale.gameSize;
    const panelHeight = this.panelHeight();
    this.shade.setSize(width, height);
    this.panel.clear();
    this.panel.fillStyle(0x0b0f16, 0.97).fillRoundedRect(0, 0, PANEL_WIDTH, panelHeight, 14);
    this.panel.lineStyle(1, 0x334155, 1).strokeRoundedRect(0, 0, PANEL_WIDTH, panelHeight, 14);
    this.panel.lineStyle(1, 0x1e293b, 1).lineBetween(20, 118, PANEL_WIDTH - 20, 118);
    this.footer.setY(panelHeight - 36);
    const scale = Math.min(1, (width - 24) / PANEL_WIDTH, (height - 24) / panelHeight);
    const left = (width - PANEL_WIDTH * scale) / 2, top = (height - panelHeight * scale) / 2;
    this.root.setScale(scale);
    this.root.setPosition(left, top);
    // "Play again" is an HTML button (tap, click or Enter) over the room the panel leaves for it.
    const buttonTop = 124 + Math.max(1, this.rowCount) * ROW_HEIGHT + 12;
    this.services.playAgain.place({
      x: left + ((PANEL_WIDTH - BUTTON_WIDTH) / 2) * scale, y: top + buttonTop * scale,
      width: BUTTON_WIDTH * scale, height: BUTTON_HEIGHT * scale,
    }, scale);
  }

  private setShown(shown: boolean): void {
    this.root.setVisible(shown);
    this.shade.setVisible(shown);
    if (shown && this.playAgain) this.services.playAgain.show(this.playAgain);
    else this.services.playAgain.hide();
    // Nothing to move or shoot meanwhile: the sticks would only cover the standings.
    this.services.touch.setSuspended(shown);
    // On a short screen the page's side controls make way for the panel (styles.css).
    document.body.classList.toggle("results-shown", shown);
  }
}
