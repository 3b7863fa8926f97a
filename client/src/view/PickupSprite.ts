import Phaser from "phaser";
import { PICKUP_RADIUS_U } from "../../../shared/constants.ts";
import { PickupKind } from "../../../shared/protocol.ts";
import { Depth } from "./depth.ts";
import { Palette, pickupColor } from "./palette.ts";

/** A pickup: a floor pad that is always there, and the item itself while it is available. */
export class PickupSprite {
  private readonly pad: Phaser.GameObjects.Graphics;
  private readonly item: Phaser.GameObjects.Container;
  private readonly phase = Math.random() * Math.PI * 2;
  /** Whether the item was shown last frame; null before the first. */
  private wasActive: boolean | null = null;
  /** Low-end mode: the item stands still instead of pulsing. */
  still = false;

  constructor(scene: Phaser.Scene, readonly kind: number, x: number, y: number) {
    const color = pickupColor(kind);
    const r = PICKUP_RADIUS_U;
    this.pad = scene.add.graphics({ x, y }).setDepth(Depth.PICKUPS);
    this.pad.fillStyle(Palette.outline, 0.6).fillCircle(0, 0, r + 8);
    this.pad.lineStyle(2, color, 0.35).strokeCircle(0, 0, r + 8);

    const glow = scene.add.circle(0, 0, r + 4, color, 0.18);
    const icon = scene.add.graphics();
    icon.fillStyle(color, 1).fillCircle(0, 0, r - 2);
    icon.lineStyle(2, 0xffffff, 0.9).strokeCircle(0, 0, r - 2);
    drawSymbol(icon, kind, r);
    this.item = scene.add.container(x, y, [glow, icon]).setDepth(Depth.PICKUPS);
  }

  /** Shows the item while it is available; true on the frame it vanishes (someone took it). */
  update(active: boolean, nowMs: number): boolean {
    const taken = this.wasActive === true && !active;
    this.wasActive = active;
    this.item.setVisible(active);
    if (active) this.item.setScale(this.still ? 1 : 1 + 0.06 * Math.sin(nowMs / 260 + this.phase));
    return taken;
  }

  destroy(): void {
    this.pad.destroy();
    this.item.destroy();
  }
}

function drawSymbol(g: Phaser.GameObjects.Graphics, kind: number, r: number): void {
  const s = r * 0.5;
  g.fillStyle(0xffffff, 1);
  g.lineStyle(3, 0xffffff, 1);
  switch (kind) {
    case PickupKind.HEALTH: // a cross
      g.fillRect(-s, -s / 3, s * 2, (s * 2) / 3);
      g.fillRect(-s / 3, -s, (s * 2) / 3, s * 2);
      break;
    case PickupKind.RAPID_FIRE: // two chevrons: "faster"
      for (const dx of [-s * 0.55, s * 0.45]) {
        g.beginPath();
        g.moveTo(dx - s * 0.45, -s * 0.75);
        g.lineTo(dx + s * 0.4, 0);
        g.lineTo(dx - s * 0.45, s * 0.75);
        g.strokePath();
      }
      break;
    case PickupKind.SHIELD: { // a shield outline
      g.beginPath();
      g.moveTo(0, -s);
      g.lineTo(s * 0.85, -s * 0.6);
      g.lineTo(s * 0.7, s * 0.35);
      g.lineTo(0, s);
      g.lineTo(-s * 0.7, s * 0.35);
      g.lineTo(-s * 0.85, -s * 0.6);
      g.closePath();
      g.strokePath();
      break;
    }
  }
}
