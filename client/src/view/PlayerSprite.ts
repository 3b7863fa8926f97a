import Phaser from "phaser";
import { PLAYER_MAX_HP, PLAYER_RADIUS_U, SHIELD_POINTS } from "../../../shared/constants.ts";
import { Depth } from "./depth.ts";
import { bodyStyle, FONT_FAMILY, hpColor, lighten, MARK_DISC_RADIUS, MARK_OUTLINES, Palette, type BodyMark, type BodyStyle } from "./palette.ts";

/** What a player sprite reads from the state each frame (where to draw it comes from the netcode). */
export interface PlayerLook {
  name: string;
  hp: number;
  shield: number;
  team: number;
  protectedUntil: number;
  connected: boolean;
}

/** Where and how the netcode draws a player this frame. */
export interface PlayerPlacement {
  x: number;
  y: number;
  aim: number;
  alive: boolean;
}
const BAR_WIDTH = 44;
const BLINK_HZ = 8;
/** The side mark (colour-blind-safe palette): light, with a dark edge, upright whatever the aim. */
const MARK_FILL = 0xf8fafc;
const MARK_SIZE_U = PLAYER_RADIUS_U * 0.5;

/** One player on screen: body with barrel, name, HP and shield bars. Reads state, decides nothing. */
export class PlayerSprite {
  /** Where the player was drawn in the latest frame, in world units. */
  readonly shown = { x: 0, y: 0 };
  private readonly body: Phaser.GameObjects.Container;
  private readonly hull: Phaser.GameObjects.Graphics;
  private readonly ring: Phaser.GameObjects.Graphics;
  /** The side mark, drawn over the hull and not turned with it. */
  private readonly mark: Phaser.GameObjects.Graphics;
  private readonly bubble: Phaser.GameObjects.Graphics;
  /** A disc over the hull that lights up when the player is hit (see flash()). */
  private readonly flashDisc: Phaser.GameObjects.Arc;
  private readonly label: Phaser.GameObjects.Container;
  private readonly nameText: Phaser.GameObjects.Text;
  private readonly bars: Phaser.GameObjects.Graphics;
  private drawnStyle: BodyStyle | null = null;
  private drawnBars = "";

  constructor(scene: Phaser.Scene, private readonly isSelf: boolean) {
    const shadow = scene.add.ellipse(4, 7, PLAYER_RADIUS_U * 2.1, PLAYER_RADIUS_U * 1.7, 0x000000, 0.35);
    this.hull = scene.add.graphics();
    this.ring = scene.add.graphics();
    this.mark = scene.add.graphics();
    this.bubble = scene.add.graphics();
    this.flashDisc = scene.add.circle(0, 0, PLAYER_RADIUS_U + 1, 0xffffff, 1).setVisible(false);
    this.body = scene.add.container(0, 0, [shadow, this.ring, this.hull, this.mark, this.flashDisc, this.bubble]).setDepth(Depth.PLAYERS);

    this.nameText = scene.add.text(0, -PLAYER_RADIUS_U - 24, "", {
      fontFamily: FONT_FAMILY,
      fontSize: "14px",
      fontStyle: isSelf ? "bold" : "normal",
      color: isSelf ? "#ffffff" : "#dbe3ee",
      stroke: "#05070a",
      strokeThickness: 4,
    }).setOrigin(0.5, 1);
    this.bars = scene.add.graphics();
    this.label = scene.add.container(0, 0, [this.bars, this.nameText]).setDepth(Depth.LABELS);

    if (isSelf) {
      this.ring.fillStyle(Palette.self, 0.12).fillCircle(0, 0, PLAYER_RADIUS_U + 16);
      this.ring.lineStyle(2, Palette.selfRing, 0.85).strokeCircle(0, 0, PLAYER_RADIUS_U + 6);
    }
    this.bubble.lineStyle(3, 0xffffff, 0.6).strokeCircle(0, 0, PLAYER_RADIUS_U + 9);
  }

  /**
   * @param at where the netcode places the player this frame (predicted or interpolated)
   * @param tick the (fractional) server tick it is drawn at, for spawn protection
   * @param safePalette the colour-blind-safe look: its colours, and a mark for the side
   */
  update(p: PlayerLook, at: PlayerPlacement, tick: number, nowMs: number, safePalette = false): void {
    this.shown.x = at.x;
    this.shown.y = at.y;
    this.redrawHull(bodyStyle(p.team, this.isSelf, safePalette));
    this.hull.rotation = at.aim;
    this.body.setPosition(this.shown.x, this.shown.y);
    this.label.setPosition(this.shown.x, this.shown.y);
    if (this.nameText.text !== p.name) this.nameText.setText(p.name);

    // Dead players vanish; the local one stays as a ghost so you can see where you fell.
    // Life comes from the drawn moment: a remote player dies on screen when it died on its timeline.
    const alive = at.alive;
    const visible = alive || this.isSelf;
    this.body.setVisible(visible);
    this.label.setVisible(visible);
    if (!visible) return;

    const isProtected = alive && tick < p.protectedUntil;
    const blinkOn = Math.floor((nowMs / 1000) * BLINK_HZ) % 2 === 0;
    this.bubble.setVisible(isProtected);
    this.body.setAlpha(!alive ? 0.25 : !p.connected ? 0.45 : isProtected && !blinkOn ? 0.45 : 1);
    // A player whose connection dropped stays in the world, dimmed, until back or gone.
    this.label.setAlpha(alive && p.connected ? 1 : 0.5);
    this.bars.setVisible(alive);
    if (alive) this.redrawBars(p.hp, p.shield);
  }

  /**
   * Lights the body up in `color` at `strength` (0 hides it): a hit seen on this screen. Only
   * the look changes; where the player is drawn does not.
   */
  flash(color: number, strength: number): void {
    const on = strength > 0.01;
    this.flashDisc.setVisible(on);
    if (on) this.flashDisc.setFillStyle(color, Math.min(1, strength) * 0.85);
  }

  /** The colour and mark the body is drawn with. */
  get style(): BodyStyle | null {
    return this.drawnStyle;
  }

  /** Whether the latest frame drew the player (dead remote players are not drawn). */
  get visible(): boolean {
    return this.body.visible;
  }

  destroy(): void {
    this.body.destroy();
    this.label.destroy();
  }

  /** Redrawn only when the style changes: styles are constants, so this costs a frame nothing. */
  private redrawHull(style: BodyStyle): void {
    if (style === this.drawnStyle) return;
    this.drawnStyle = style;
    const { color, mark } = style;
    const r = PLAYER_RADIUS_U;
    const g = this.hull.clear();
    // Barrel first so the body overlaps its base; the hull is drawn facing +x and rotated.
    g.fillStyle(Palette.outline, 1).fillRoundedRect(r - 8, -6, 20, 12, 3);
    g.fillStyle(lighten(color, 0.35), 1).fillRoundedRect(r - 6, -4, 16, 8, 2);
    g.fillStyle(color, 1).fillCircle(0, 0, r);
    g.lineStyle(3, Palette.outline, 1).strokeCircle(0, 0, r);
    if (mark === "none") g.fillStyle(lighten(color, 0.45), 1).fillCircle(r * 0.35, 0, r * 0.32);
    drawMark(this.mark.clear(), mark, MARK_SIZE_U);
  }

  private redrawBars(hp: number, shield: number): void {
    const key = `${hp}/${shield}`;
    if (key === this.drawnBars) return;
    this.drawnBars = key;
    const g = this.bars.clear();
    const x = -BAR_WIDTH / 2, y = -PLAYER_RADIUS_U - 18;
    g.fillStyle(Palette.barBack, 0.85).fillRect(x - 1, y - 1, BAR_WIDTH + 2, 7);
    g.fillStyle(hpColor(hp, PLAYER_MAX_HP), 1).fillRect(x, y, (BAR_WIDTH * Math.min(hp, PLAYER_MAX_HP)) / PLAYER_MAX_HP, 5);
    if (shield > 0) {
      g.fillStyle(Palette.barBack, 0.85).fillRect(x - 1, y + 6, BAR_WIDTH + 2, 5);
      g.fillStyle(Palette.shield, 1).fillRect(x, y + 7, (BAR_WIDTH * Math.min(shield, SHIELD_POINTS)) / SHIELD_POINTS, 3);
    }
  }
}

/** A side's mark, centred on the body, `size` units from its centre to its tips. */
function drawMark(g: Phaser.GameObjects.Graphics, mark: BodyMark, size: number): void {
  if (mark === "none") return;
  g.fillStyle(MARK_FILL, 1).lineStyle(2.5, Palette.outline, 1);
  if (mark === "disc") {
    g.fillCircle(0, 0, size * MARK_DISC_RADIUS).strokeCircle(0, 0, size * MARK_DISC_RADIUS);
    return;
  }
  g.beginPath();
  MARK_OUTLINES[mark].forEach(([x, y], i) => (i === 0 ? g.moveTo(x * size, y * size) : g.lineTo(x * size, y * size)));
  g.closePath().fillPath().strokePath();
}
