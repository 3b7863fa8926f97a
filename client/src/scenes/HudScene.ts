import Phaser from "phaser";
import { DASH_COOLDOWN_TICKS, PLAYER_MAX_HP, SHIELD_POINTS, TICK_HZ } from "../../../shared/constants.ts";
import { MatchPhase } from "../../../shared/protocol.ts";
import { PhaseCues } from "../audio/cues.ts";
import { rateLimitNotice, viewChatLine } from "../chat/chatLines.ts";
import type { GameServices } from "../game/services.ts";
import type { ArenaConnection } from "../net/connection.ts";
import { isLowHealth, type CombatFeedback } from "../view/feedback.ts";
import type { EdgeArrow } from "../view/minimap.ts";
import { formatRespawn, phaseBanner, secondsUntil } from "../view/format.ts";
import { KillFeed, killLine } from "../view/KillFeed.ts";
import { FONT_FAMILY, hpColor, Palette, TeamTextColor, TextColor } from "../view/palette.ts";
import { teamName, teamTotals } from "../view/teams.ts";
import { exposeHud, type HudBox } from "../testHook.ts";
import { SceneKey } from "./sceneKeys.ts";

export interface HudSceneData {
  connection: ArenaConnection;
  /** Who killed the own player, kept by the arena scene from the KILL messages. */
  feedback: CombatFeedback;
  /** Arrows toward off-screen attackers, in screen px: the arena scene refills it every frame. */
  arrows?: readonly EdgeArrow[];
}

const ARROW_COLOR = 0xef4444;
const ARROW_SIZE = 16;

const MARGIN = 16;
const PANEL_WIDTH = 250;
const PANEL_HEIGHT = 112;
const BAR_WIDTH = PANEL_WIDTH - 28;
const FEED_ROWS = 5;
/** The unfilled part of a bar: visible against the panel. */
const EMPTY_BAR = 0x1e293b;
/** Narrower than this, the phase clock and the kill feed go below the player panel instead of beside it. */
const NARROW_PX = 640;
/** Below this width the phase line is set smaller, so it clears the player panel (phones held sideways). */
const COMPACT_PX = 900;
/**
 * At this height or lower (phones held sideways), and with the touch sticks, the minimap sits top
 * right under the ping, with the kill feed beside it: styles.css moves the minimap in the same cases.
 */
const SHORT_PX = 500;
/** The minimap's width there plus a gap (styles.css: --minimap-size). */
const TOP_MINIMAP_SPACE = 96 + 12;
/** On a phone, a private room's code badge ends here (styles.css: .room-badge); the kill feed goes under it. */
const PHONE_BADGE_BOTTOM = 258;
/** Kill feed rows shown on a narrow screen, where they would cover the arena. */
const NARROW_FEED_ROWS = 3;
/** "✖ Bob" under the crosshair after the own player's kill, this long. */
const KILL_TOAST_MS = 1400;

const text = (size: number, color: string = TextColor.primary, bold = false): Phaser.Types.GameObjects.Text.TextStyle => ({
  fontFamily: FONT_FAMILY,
  fontSize: `${size}px`,
  fontStyle: bold ? "bold" : "normal",
  color,
  stroke: "#05070a",
  strokeThickness: size >= 20 ? 5 : 3,
});

/**
 * Screen-space overlay over the arena: health, score, match clock, team scores, ping and
 * kill feed on the canvas; the chat, a private room's code and the controls hint as HTML beside it.
 */
export class HudScene extends Phaser.Scene {
  private connection!: ArenaConnection;
  private feedback!: CombatFeedback;
  private arrows: readonly EdgeArrow[] = [];
  private arrowGraphics!: Phaser.GameObjects.Graphics;
  private readonly feed = new KillFeed(FEED_ROWS);
  private phaseCues = new PhaseCues();
  private disposers: (() => void)[] = [];

  private panel!: Phaser.GameObjects.Graphics;
  private bars!: Phaser.GameObjects.Graphics;
  private nameText!: Phaser.GameObjects.Text;
  private hpText!: Phaser.GameObjects.Text;
  private statsText!: Phaser.GameObjects.Text;
  private effectText!: Phaser.GameObjects.Text;
  private phaseTitle!: Phaser.GameObjects.Text;
  private phaseDetail!: Phaser.GameObjects.Text;
  private countdownText!: Phaser.GameObjects.Text;
  private pingText!: Phaser.GameObjects.Text;
  private feedTexts: Phaser.GameObjects.Text[] = [];
  private deathTitle!: Phaser.GameObjects.Text;
  private deathDetail!: Phaser.GameObjects.Text;
  private deathKiller!: Phaser.GameObjects.Text;
  private killToast!: Phaser.GameObjects.Text;
  private killToastAt = -Infinity;
  /** Teams mode: "BLUE 12", the dash between, "9 ORANGE". */
  private teamTexts: Phaser.GameObjects.Text[] = [];
  private drawnBars = "";
  private narrow = false;
  private short = false;
  /** Whether the layout was made for the touch sticks (they may appear mid-match, at the first touch). */
  private touchLayout = false;

  constructor(private readonly services: GameServices) {
    super({ key: SceneKey.HUD });
  }

  init(data: HudSceneData): void {
    this.connection = data.connection;
    this.feedback = data.feedback;
    this.arrows = data.arrows ?? [];
    this.feed.clear();
    this.phaseCues = new PhaseCues();
    this.drawnBars = "";
    this.killToastAt = -Infinity;
  }

  create(): void {
    this.arrowGraphics = this.add.graphics();
    this.panel = this.add.graphics();
    this.bars = this.add.graphics();
    this.nameText = this.add.text(0, 0, "", text(15, TextColor.primary, true));
    this.hpText = this.add.text(0, 0, "", text(13)).setOrigin(1, 0);
    this.statsText = this.add.text(0, 0, "", text(13, TextColor.muted));
    this.effectText = this.add.text(0, 0, "", text(12, TextColor.warn, true));
    this.phaseTitle = this.add.text(0, 0, "", text(12, TextColor.muted, true)).setOrigin(0.5, 0);
    this.phaseDetail = this.add.text(0, 0, "", text(20, TextColor.primary, true)).setOrigin(0.5, 0);
    this.countdownText = this.add.text(0, 0, "", text(96, TextColor.primary, true)).setOrigin(0.5);
    this.pingText = this.add.text(0, 0, "", text(13, TextColor.muted)).setOrigin(1, 0);
    this.feedTexts = Array.from({ length: FEED_ROWS }, () => this.add.text(0, 0, "", text(13)).setOrigin(1, 0));
    this.deathTitle = this.add.text(0, 0, "ELIMINATED", text(34, TextColor.bad, true)).setOrigin(0.5);
    this.deathKiller = this.add.text(0, 0, "", text(22, TextColor.primary, true)).setOrigin(0.5);
    this.deathDetail = this.add.text(0, 0, "", text(16)).setOrigin(0.5);
    this.killToast = this.add.text(0, 0, "", text(20, TextColor.good, true)).setOrigin(0.5).setVisible(false);
    this.teamTexts = [
      this.add.text(0, 0, "", text(22, TeamTextColor[1], true)).setOrigin(1, 0),
      this.add.text(0, 0, "–", text(22, TextColor.muted, true)).setOrigin(0.5, 0),
      this.add.text(0, 0, "", text(22, TeamTextColor[2], true)).setOrigin(0, 0),
    ];
    this.disposers = [];
    this.services.controlsHint.show();
    exposeHud(() => this.boxes());
    this.disposers.push(() => this.services.controlsHint.hide(), () => exposeHud(null));
    this.watchChat();
    const code = this.connection.roomCode;
    if (code) {
      this.services.roomBadge.show(code);
      this.disposers.push(() => this.services.roomBadge.hide());
    }
    this.disposers.push(this.connection.onKill(({ killer, victim }) => {
      const players = this.connection.state.players;
      const me = this.connection.sessionId;
      this.feed.add({
        killer: players.get(killer)?.name ?? "",
        victim: players.get(victim)?.name ?? "",
        byMe: killer === me && victim !== me,
        ofMe: victim === me,
        at: performance.now(),
      });
      if (killer === me && victim !== me) {
        this.killToast.setText(`✖  ${players.get(victim)?.name ?? "someone"}`);
        this.killToastAt = performance.now();
      }
    }));
    this.layout();
    this.scale.on(Phaser.Scale.Events.RESIZE, this.layout, this);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      this.scale.off(Phaser.Scale.Events.RESIZE, this.layout, this);
      this.services.screenFx.setLowHealth(false);
      this.feedback.deathScreenShown = null;
      for (const dispose of this.disposers) dispose();
      this.disposers = [];
    });
  }

  /** Lines from the server into the chat panel; lines the player types out to the room. */
  private watchChat(): void {
    const { chat } = this.services;
    const connection = this.connection;
    chat.attach((line) => connection.sendChat(line));
    for (const line of connection.chatHistory) chat.add(viewChatLine(line, connection.sessionId));
    this.disposers.push(
      connection.onChat((line) => chat.add(viewChatLine(line, connection.sessionId))),
      connection.onChatRejected((rejected) => chat.showNotice(rateLimitNotice(rejected))),
      // Nothing typed now could be delivered.
      connection.onStatus((status) => { if (status === "closed") chat.detach(); }),
      () => chat.detach(),
    );
  }

  override update(): void {
    const { state, sessionId, synced } = this.connection;
    if (!synced) return;
    if (this.services.touch.shown !== this.touchLayout) this.layout();
    const me = state.players.get(sessionId);
    const now = performance.now();

    const banner = phaseBanner(state.phase, state.tick, state.phaseEndsTick, state.players.size);
    const cue = this.phaseCues.next(state.phase, secondsUntil(state.phaseEndsTick, state.tick));
    if (cue) this.services.sound.play(cue);
    const counting = state.phase === MatchPhase.COUNTDOWN;
    // The results overlay carries its own title and clock.
    const results = state.phase === MatchPhase.RESULTS;
    this.phaseTitle.setText(banner.title).setVisible(!results);
    this.phaseDetail.setText(banner.detail).setVisible(!results && !counting);
    this.countdownText.setText(banner.detail).setVisible(counting);

    const { rttMs: ping, jitterMs } = this.connection.view.clock;
    const pingText = ping === null ? "–" : `${Math.round(ping)} ms ±${Math.round(jitterMs)}`;
    this.pingText.setText(this.narrow ? pingText : `${pingText}  ·  ${state.players.size} ${state.players.size === 1 ? "player" : "players"}`);
    this.pingText.setColor(ping === null ? TextColor.muted : ping < 80 ? TextColor.good : ping < 160 ? TextColor.warn : TextColor.bad);

    const teams = state.mode === "teams";
    if (teams) {
      const [first, second] = teamTotals(state.teamScores);
      this.teamTexts[0].setText(`${teamName(1).toUpperCase()}  ${first}`);
      this.teamTexts[2].setText(`${second}  ${teamName(2).toUpperCase()}`);
    }
    for (const t of this.teamTexts) t.setVisible(teams && !results);

    // Low health: a pulsing red edge while it matters (not over the results).
    const low = !!me && !results && isLowHealth(me.hp, me.shield, me.alive);
    this.services.screenFx.setLowHealth(low);

    if (me) {
      this.nameText.setText(teams && me.team > 0 ? `${me.name} · ${teamName(me.team)}` : me.name);
      this.nameText.setColor(me.team > 0 ? TeamTextColor[me.team] ?? TextColor.primary : TextColor.primary);
      this.hpText.setText(me.alive ? `${me.hp}${me.shield > 0 ? ` +${me.shield}` : ""}` : "0");
      this.hpText.setColor(low ? TextColor.bad : TextColor.primary);
      this.statsText.setText(`Score ${me.score}   Kills ${me.kills}   Deaths ${me.deaths}`);
      this.drawBars(me.alive ? me.hp : 0, me.alive ? me.shield : 0, me.dashCooldown);
      const effects: string[] = [];
      if (me.alive && state.phase === MatchPhase.PLAYING && me.protectedUntil > state.tick) {
        const left = `PROTECTED ${((me.protectedUntil - state.tick) / TICK_HZ).toFixed(1)} s`;
        effects.push(me.rapidFireTicks > 0 ? left : `${left} · until you fire`);
      }
      if (me.rapidFireTicks > 0) effects.push(`RAPID FIRE ${(me.rapidFireTicks / TICK_HZ).toFixed(1)} s`);
      this.effectText.setText(effects.join("   "));
    }

    const dead = !!me && !me.alive && state.phase !== MatchPhase.RESULTS;
    this.deathTitle.setVisible(dead);
    this.deathDetail.setVisible(dead);
    const killerName = dead ? this.feedback.deathScreenKiller(false) : null;
    this.feedback.deathScreenShown = killerName;
    this.deathKiller.setVisible(killerName !== null);
    if (dead) {
      const waiting = state.phase === MatchPhase.COUNTDOWN || me.respawnTick <= state.tick;
      this.deathDetail.setText(waiting ? "Respawning…" : `Respawning in ${formatRespawn(me.respawnTick, state.tick)} s`);
      if (killerName !== null) {
        const killer = this.feedback.killer && state.players.get(this.feedback.killer.id);
        this.deathKiller.setText(`by ${killerName}`);
        this.deathKiller.setColor(killer && killer.team > 0 ? TeamTextColor[killer.team] ?? TextColor.primary : TextColor.name);
      }
      this.deathDetail.setY(this.deathTitle.y + (killerName !== null ? 62 : 34));
    }

    this.drawArrows(results);

    const toastAge = now - this.killToastAt;
    this.killToast.setVisible(toastAge < KILL_TOAST_MS && !dead);
    if (toastAge < KILL_TOAST_MS) this.killToast.setAlpha(toastAge < KILL_TOAST_MS * 0.6 ? 1 : (KILL_TOAST_MS - toastAge) / (KILL_TOAST_MS * 0.4));

    const entries = this.feed.visible(now);
    this.feedTexts.forEach((row, i) => {
      const entry = i < (this.narrow || this.short ? NARROW_FEED_ROWS : FEED_ROWS) ? entries[i] : undefined;
      row.setVisible(!!entry);
      if (!entry) return;
      row.setText(killLine(entry.killer, entry.victim));
      row.setColor(entry.byMe ? TextColor.good : entry.ofMe ? TextColor.bad : TextColor.primary);
    });
  }

  /** Red arrowheads on the screen's edge, pointing at whoever hurt the own player from off screen. */
  private drawArrows(hidden: boolean): void {
    const g = this.arrowGraphics.clear();
    if (hidden) return;
    for (const { x, y, angle } of this.arrows) {
      const cos = Math.cos(angle), sin = Math.sin(angle);
      const tipX = x + cos * ARROW_SIZE, tipY = y + sin * ARROW_SIZE;
      const backX = x - cos * ARROW_SIZE * 0.4, backY = y - sin * ARROW_SIZE * 0.4;
      const wing = ARROW_SIZE * 0.75;
      g.fillStyle(0x05070a, 0.55).fillCircle(x, y, ARROW_SIZE * 1.1);
      g.fillStyle(ARROW_COLOR, 0.95).fillTriangle(tipX, tipY, backX - sin * wing, backY + cos * wing, backX + sin * wing, backY - cos * wing);
    }
  }

  private drawBars(hp: number, shield: number, dashCooldown: number): void {
    const dashKey = dashCooldown > 0 ? Math.ceil((dashCooldown / DASH_COOLDOWN_TICKS) * 20) : 0;
    const key = `${hp}/${shield}/${dashKey}`;
    if (key === this.drawnBars) return;
    this.drawnBars = key;
    const x = MARGIN + 14, y = MARGIN + 36;
    const g = this.bars.clear();
    g.fillStyle(EMPTY_BAR, 1).fillRoundedRect(x, y, BAR_WIDTH, 14, 4);
    if (hp > 0) g.fillStyle(hpColor(hp, PLAYER_MAX_HP), 1).fillRoundedRect(x, y, Math.max(8, (BAR_WIDTH * hp) / PLAYER_MAX_HP), 14, 4);
    g.fillStyle(EMPTY_BAR, 1).fillRoundedRect(x, y + 18, BAR_WIDTH, 6, 3);
    if (shield > 0) g.fillStyle(Palette.shield, 1).fillRoundedRect(x, y + 18, Math.max(6, (BAR_WIDTH * Math.min(shield, SHIELD_POINTS)) / SHIELD_POINTS), 6, 3);
    // Dash readiness: a thin line that refills while the dash cools down.
    const dashReady = 1 - dashKey / 20;
    g.fillStyle(EMPTY_BAR, 1).fillRect(x, y + 28, BAR_WIDTH, 3);
    g.fillStyle(dashReady >= 1 ? Palette.self : 0x475569, 1).fillRect(x, y + 28, BAR_WIDTH * dashReady, 3);
  }

  private layout(): void {
    const { width, height } = this.scale.gameSize;
    const panelX = MARGIN, panelY = MARGIN;
    this.panel.clear();
    // Nearly opaque: pickups and players under the panel would read as part of it.
    this.panel.fillStyle(0x0b0f16, 0.94).fillRoundedRect(panelX, panelY, PANEL_WIDTH, PANEL_HEIGHT, 10);
    this.panel.lineStyle(1, 0x334155, 0.8).strokeRoundedRect(panelX, panelY, PANEL_WIDTH, PANEL_HEIGHT, 10);
    this.nameText.setPosition(panelX + 14, panelY + 12);
    this.hpText.setPosition(panelX + PANEL_WIDTH - 14, panelY + 13);
    this.statsText.setPosition(panelX + 14, panelY + 72);
    // Inside the panel, under the stats: below it the phase clock takes the row on a phone.
    this.effectText.setPosition(panelX + 14, panelY + 91);
    this.drawnBars = "";

    // On a phone the panel takes most of the top row: the clock and the feed go below it
    // (under a private room's code). Held sideways or with the sticks, the feed goes left of the minimap.
    this.narrow = width < NARROW_PX;
    this.short = height <= SHORT_PX;
    this.touchLayout = this.services.touch.shown;
    const phaseY = this.narrow ? panelY + PANEL_HEIGHT + 10 : MARGIN;
    const feedY = this.narrow ? (this.connection.roomCode ? PHONE_BADGE_BOTTOM + 8 : phaseY + 84) : MARGIN + 26;
    const minimapTopRight = !this.narrow && (this.short || this.touchLayout);
    const feedRight = width - MARGIN - (minimapTopRight ? TOP_MINIMAP_SPACE : 0);
    const deathY = height * (this.narrow ? 0.36 : 0.24);
    this.phaseTitle.setPosition(width / 2, phaseY);
    this.phaseDetail.setPosition(width / 2, phaseY + 16)
      .setFontSize(width < COMPACT_PX ? 15 : 20).setAlign("center").setWordWrapWidth(width - MARGIN * 2);
    this.countdownText.setPosition(width / 2, deathY);
    this.teamTexts.forEach((t, i) => t.setPosition(width / 2 + (i - 1) * 14, phaseY + 48));
    this.pingText.setPosition(width - MARGIN, MARGIN);
    this.feedTexts.forEach((row, i) => row.setPosition(feedRight, feedY + i * 20));
    // Above the local player, who stays at the centre of the screen as a ghost.
    this.deathTitle.setPosition(width / 2, deathY);
    this.deathKiller.setPosition(width / 2, deathY + 34);
    this.deathDetail.setPosition(width / 2, deathY + 34);
    // Below the crosshair's usual place (the own player at the centre).
    this.killToast.setPosition(width / 2, height * 0.62);
  }

  /** The boxes the HUD draws at the screen's edges now (screen px), for the layout tests. */
  private boxes(): HudBox[] {
    const boxes: HudBox[] = [{ name: "player panel", x: MARGIN, y: MARGIN, width: PANEL_WIDTH, height: PANEL_HEIGHT }];
    const add = (name: string, texts: Phaser.GameObjects.Text[]) => {
      const shown = texts.filter((t) => t.visible && t.text !== "");
      if (shown.length === 0) return;
      const rects = shown.map((t) => t.getBounds());
      const x = Math.min(...rects.map((r) => r.x)), y = Math.min(...rects.map((r) => r.y));
      boxes.push({ name, x, y, width: Math.max(...rects.map((r) => r.right)) - x, height: Math.max(...rects.map((r) => r.bottom)) - y });
    };
    add("match clock", [this.phaseTitle, this.phaseDetail]);
    add("team scores", this.teamTexts);
    add("ping", [this.pingText]);
    add("kill feed", this.feedTexts);
    return boxes;
  }
}
