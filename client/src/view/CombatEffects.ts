import Phaser from "phaser";
import { PLAYER_RADIUS_U } from "../../../shared/constants.ts";
import { Depth } from "./depth.ts";
import { flashStrength, floatingNumber, type HitMarker } from "./feedback.ts";
import { FONT_FAMILY } from "./palette.ts";

const MARKER_MS = 320;
const KILL_MARKER_MS = 650;
const NUMBER_MS = 1000;
const KILL_NUMBER_MS = 1200;
const NUMBER_RISE_U = 46;
/** A target hit by the own shots flashes white this long; the own player flashes red when hurt. */
export const TARGET_FLASH_MS = 140;
export const SELF_FLASH_MS = 260;
const NUMBER_POOL = 12;

const Color = {
  marker: 0xffffff,
  killMarker: 0xf87171,
  blocked: 0x94a3b8,
  number: "#fde047",
  killNumber: "#f87171",
  blockedNumber: "#94a3b8",
} as const;

interface ShownMarker {
  marker: HitMarker;
  x: number;
  y: number;
}

interface FloatingText {
  text: Phaser.GameObjects.Text;
  marker: HitMarker | null;
  x: number;
  y: number;
  at: number;
}

type Position = { readonly x: number; readonly y: number };

/**
 * Hit markers and floating damage numbers in the world, where this screen drew the target
 * when the hit was confirmed. They are drawn over everything and move nothing: the players'
 * drawn positions stay the netcode's.
 */
export class CombatEffects {
  private readonly graphics: Phaser.GameObjects.Graphics;
  private readonly markers: ShownMarker[] = [];
  private readonly numbers: FloatingText[] = [];
  private readonly pool: Phaser.GameObjects.Text[] = [];
  /** Low-end mode: markers only, no floating numbers (each is a text redrawn every frame). */
  numbersShown = true;

  constructor(private readonly scene: Phaser.Scene) {
    this.graphics = scene.add.graphics().setDepth(Depth.EFFECTS);
  }

  /** A confirmed hit of the own shots on a target drawn at `at` (null: not on screen, nothing to draw). */
  hit(marker: HitMarker, at: Position | null): void {
    if (!at) return;
    this.markers.push({ marker, x: at.x, y: at.y });
    if (!this.numbersShown) return;
    const text = this.pool.pop() ?? this.scene.add.text(0, 0, "", {
      fontFamily: FONT_FAMILY, fontSize: "22px", fontStyle: "bold", stroke: "#05070a", strokeThickness: 5,
    }).setOrigin(0.5, 1).setDepth(Depth.EFFECTS);
    text.setText(marker.text).setVisible(true);
    // Numbers for hits in quick succession fan out a little instead of piling up.
    const spread = (this.numbers.length % 3 - 1) * 14;
    // Starts just above the name label, so it never covers the name.
    this.numbers.push({ text, marker, x: at.x + spread, y: at.y - PLAYER_RADIUS_U - 42, at: marker.at });
    if (this.numbers.length > NUMBER_POOL) this.release(0);
  }

  /** Draws this frame's markers and numbers; `zoom` keeps the numbers readable on small screens. */
  update(now: number, zoom: number): void {
    const g = this.graphics.clear();
    for (let i = this.markers.length - 1; i >= 0; i--) {
      const { marker, x, y } = this.markers[i];
      const life = marker.kill ? KILL_MARKER_MS : MARKER_MS;
      const strength = flashStrength(now - marker.at, life);
      if (strength <= 0) {
        this.markers.splice(i, 1);
        continue;
      }
      drawMarker(g, x, y, marker, strength);
    }
    const readable = Math.max(1, 0.85 / zoom);
    for (let i = this.numbers.length - 1; i >= 0; i--) {
      const n = this.numbers[i];
      const kill = n.marker?.kill ?? false;
      const life = kill ? KILL_NUMBER_MS : NUMBER_MS;
      const age = now - n.at;
      if (age >= life) {
        this.release(i);
        continue;
      }
      const float = floatingNumber(age, life, NUMBER_RISE_U);
      const blocked = n.marker?.damage === 0;
      n.text.setColor(blocked ? Color.blockedNumber : kill ? Color.killNumber : Color.number);
      n.text.setPosition(n.x, n.y + float.dy).setAlpha(float.alpha).setScale(float.scale * readable * (kill ? 1.25 : 1));
    }
  }

  destroy(): void {
    this.graphics.destroy();
    for (const n of this.numbers) n.text.destroy();
    for (const t of this.pool) t.destroy();
    this.numbers.length = 0;
    this.pool.length = 0;
    this.markers.length = 0;
  }

  private release(index: number): void {
    const [n] = this.numbers.splice(index, 1);
    n.text.setVisible(false);
    this.pool.push(n.text);
  }
}

/** Four ticks pointing at the target, like a crosshair closing on it; a kill is red and larger. */
function drawMarker(g: Phaser.GameObjects.Graphics, x: number, y: number, marker: HitMarker, strength: number): void {
  const color = marker.damage === 0 ? Color.blocked : marker.kill ? Color.killMarker : Color.marker;
  const grow = 1 - strength; // opens out a little as it fades
  const inner = PLAYER_RADIUS_U + 4 + grow * 6;
  const outer = inner + (marker.kill ? 16 : 11);
  g.lineStyle(marker.kill ? 5 : 4, 0x05070a, 0.6 * strength);
  ticks(g, x, y, inner - 1, outer + 1);
  g.lineStyle(marker.kill ? 3 : 2.5, color, strength);
  ticks(g, x, y, inner, outer);
}

function ticks(g: Phaser.GameObjects.Graphics, x: number, y: number, inner: number, outer: number): void {
  const d = Math.SQRT1_2;
  g.beginPath();
  for (const [sx, sy] of [[1, 1], [1, -1], [-1, 1], [-1, -1]] as const) {
    g.moveTo(x + sx * inner * d, y + sy * inner * d);
    g.lineTo(x + sx * outer * d, y + sy * outer * d);
  }
  g.strokePath();
}
