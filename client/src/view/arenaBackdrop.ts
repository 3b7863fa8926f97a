import Phaser from "phaser";
import type { ArenaMap } from "../../../shared/sim/map.ts";
import { Depth } from "./depth.ts";
import { Palette } from "./palette.ts";

const GRID_MINOR_U = 100;
const GRID_MAJOR_U = 400;

/** Static arena art: floor, grid, border and obstacles. Drawn once per map. */
export function drawArena(scene: Phaser.Scene, map: ArenaMap): Phaser.GameObjects.Graphics[] {
  const floor = scene.add.graphics().setDepth(Depth.FLOOR);
  floor.fillStyle(Palette.floor, 1).fillRect(0, 0, map.width, map.height);
  for (const [step, color] of [[GRID_MINOR_U, Palette.gridMinor], [GRID_MAJOR_U, Palette.gridMajor]] as const) {
    floor.lineStyle(step === GRID_MAJOR_U ? 2 : 1, color, 1);
    floor.beginPath();
    for (let x = step; x < map.width; x += step) { floor.moveTo(x, 0); floor.lineTo(x, map.height); }
    for (let y = step; y < map.height; y += step) { floor.moveTo(0, y); floor.lineTo(map.width, y); }
    floor.strokePath();
  }
  // A soft outer glow, then the wall itself.
  floor.lineStyle(18, Palette.border, 0.12).strokeRect(-9, -9, map.width + 18, map.height + 18);
  floor.lineStyle(4, Palette.border, 0.9).strokeRect(-2, -2, map.width + 4, map.height + 4);

  const walls = scene.add.graphics().setDepth(Depth.OBSTACLES);
  walls.fillStyle(Palette.obstacleShadow, 0.35);
  for (const o of map.obstacles) walls.fillRect(o.x + 6, o.y + 8, o.w, o.h);
  for (const o of map.obstacles) {
    walls.fillStyle(Palette.obstacle, 1).fillRect(o.x, o.y, o.w, o.h);
    walls.lineStyle(2, Palette.obstacleEdge, 1).strokeRect(o.x + 1, o.y + 1, o.w - 2, o.h - 2);
  }
  return [floor, walls];
}
