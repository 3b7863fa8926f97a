import Phaser from "phaser";
import { sanitizeName } from "../../../shared/protocol.ts";
import { connectToArena } from "../net/connection.ts";
import { describeJoinError } from "../net/describeError.ts";
import type { MenuOverlay } from "../ui/MenuOverlay.ts";
import { loadPlayerName, savePlayerName } from "../ui/playerName.ts";
import { Palette } from "../view/palette.ts";
import { SceneKey } from "./sceneKeys.ts";

export interface MenuSceneData {
  /** Why the player is back in the menu (a lost connection), shown as an error. */
  notice?: string | null;
}

interface Drifter {
  x: number;
  y: number;
  vx: number;
  vy: number;
  color: number;
}

const GRID_PX = 64;

/** Name entry and Play. The form is HTML; the scene draws a quiet arena backdrop behind it. */
export class MenuScene extends Phaser.Scene {
  private backdrop!: Phaser.GameObjects.Graphics;
  private drifters: Drifter[] = [];
  private joining = false;

  constructor(private readonly overlay: MenuOverlay, private readonly serverUrl: string) {
    super({ key: SceneKey.MENU });
  }

  create(data: MenuSceneData): void {
    this.joining = false;
    this.cameras.main.setBackgroundColor(Palette.background);
    this.backdrop = this.add.graphics();
    const colors = [Palette.self, Palette.enemy, Palette.enemy, Palette.teams[1], Palette.teams[2]];
    this.drifters = Array.from({ length: 9 }, (_, i) => ({
      x: Math.random(), y: Math.random(),
      vx: (Math.random() - 0.5) * 0.03, vy: (Math.random() - 0.5) * 0.03,
      color: colors[i % colors.length],
    }));

    this.overlay.onSubmit = (name) => void this.join(name);
    this.overlay.show(loadPlayerName(storage()), data?.notice ?? null);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      this.overlay.onSubmit = null;
      this.overlay.hide();
    });
  }

  override update(_time: number, deltaMs: number): void {
    const { width, height } = this.scale.gameSize;
    const g = this.backdrop.clear();
    g.lineStyle(1, Palette.gridMinor, 1);
    g.beginPath();
    for (let x = (width / 2) % GRID_PX; x < width; x += GRID_PX) { g.moveTo(x, 0); g.lineTo(x, height); }
    for (let y = (height / 2) % GRID_PX; y < height; y += GRID_PX) { g.moveTo(0, y); g.lineTo(width, y); }
    g.strokePath();
    const seconds = deltaMs / 1000;
    for (const d of this.drifters) {
      d.x += d.vx * seconds;
      d.y += d.vy * seconds;
      if (d.x < 0 || d.x > 1) d.vx = -d.vx;
      if (d.y < 0 || d.y > 1) d.vy = -d.vy;
      g.fillStyle(d.color, 0.16).fillCircle(d.x * width, d.y * height, 20);
      g.lineStyle(2, d.color, 0.3).strokeCircle(d.x * width, d.y * height, 20);
    }
  }

  private async join(rawName: string): Promise<void> {
    if (this.joining) return;
    this.joining = true;
    const name = sanitizeName(rawName);
    savePlayerName(storage(), name);
    this.overlay.showError(null);
    this.overlay.setBusy(true, "Connecting…");
    try {
      const connection = await connectToArena(name, this.serverUrl);
      if (!this.scene.isActive()) {
        void connection.leave();
        return;
      }
      this.scene.start(SceneKey.ARENA, { connection });
    } catch (error) {
      this.overlay.setBusy(false);
      this.overlay.showError(describeJoinError(error, this.serverUrl));
      this.joining = false;
    }
  }
}

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
