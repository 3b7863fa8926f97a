import type { ArenaMap } from "../../../shared/sim/map.ts";
import type { MinimapDot } from "../view/minimap.ts";
import { bodyStyle, cssColor, MARK_DISC_RADIUS, MARK_OUTLINES, type BodyMark } from "../view/palette.ts";
import { byId } from "./dom.ts";

const Color = {
  floor: "rgba(17, 24, 35, 0.9)",
  wall: "#51627f",
  border: "#5b7bb0",
  view: "rgba(226, 232, 240, 0.35)",
  self: "#38bdf8",
  ally: ["#cbd5e1", "#60a5fa", "#fb923c"],
  enemy: "#fb7185",
  enemyTeams: ["#fb7185", "#3b82f6", "#f97316"],
} as const;

/** The visible part of the arena, in world units. */
export interface ViewRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The minimap in a corner of the match: the arena's walls (from the map seed), the camera's
 * view, and the dots minimapDots() decides to show. A 2D canvas in the page; the walls are
 * drawn once per map and size, the dots each time it is drawn.
 */
export class Minimap {
  private readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D | null;
  private walls: HTMLCanvasElement | null = null;
  private wallsKey = "";
  /** The dots drawn last, and when (`performance.now()`), for the test hook. */
  shownDots: MinimapDot[] = [];
  drawnAt = -1;
  /** Whether the last drawing used the colour-blind-safe palette (marks by side). */
  drewSafePalette = false;

  constructor(private readonly doc: Document) {
    this.canvas = byId(doc, "minimap", HTMLCanvasElement);
    this.context = this.canvas.getContext("2d");
  }

  get shown(): boolean {
    return !this.canvas.hidden;
  }

  show(): void {
    this.canvas.hidden = false;
  }

  hide(): void {
    this.canvas.hidden = true;
    this.shownDots = [];
  }

  /** `safePalette`: the colour-blind-safe look, each dot shaped like its side's mark. */
  draw(map: ArenaMap, dots: MinimapDot[], view: ViewRect | null, safePalette = false): void {
    this.shownDots = dots;
    this.drawnAt = this.doc.defaultView?.performance.now() ?? 0;
    this.drewSafePalette = safePalette;
    const ctx = this.context;
    if (!ctx || this.canvas.hidden) return;
    const ratio = this.doc.defaultView?.devicePixelRatio ?? 1;
    const size = Math.max(1, Math.round(this.canvas.clientWidth * ratio));
    if (this.canvas.width !== size || this.canvas.height !== size) {
      this.canvas.width = this.canvas.height = size;
    }
    const scale = size / Math.max(map.width, map.height);
    const key = `${map.seed}/${size}`;
    if (key !== this.wallsKey) {
      this.walls = this.drawWalls(map, size, scale);
      this.wallsKey = key;
    }
    ctx.clearRect(0, 0, size, size);
    if (this.walls) ctx.drawImage(this.walls, 0, 0);
    if (view) {
      ctx.strokeStyle = Color.view;
      ctx.lineWidth = Math.max(1, ratio);
      ctx.strokeRect(view.x * scale, view.y * scale, view.width * scale, view.height * scale);
    }
    const r = Math.max(2.5, size / 60);
    for (const dot of dots) {
      if (dot.mark === "self") continue;
      if (safePalette) {
        const style = bodyStyle(dot.team, false, true);
        ctx.fillStyle = cssColor(style.color);
        traceMark(ctx, style.mark, dot.x * scale, dot.y * scale, r * 1.6);
      } else {
        ctx.fillStyle = dot.mark === "ally" ? Color.ally[dot.team] ?? Color.ally[0] : dot.team > 0 ? Color.enemyTeams[dot.team] ?? Color.enemy : Color.enemy;
        traceMark(ctx, "disc", dot.x * scale, dot.y * scale, r / MARK_DISC_RADIUS);
      }
      ctx.fill();
    }
    // The own player last, on top, with a white ring.
    const self = dots.find((d) => d.mark === "self");
    if (self) {
      const style = bodyStyle(self.team, true, true);
      ctx.fillStyle = safePalette ? cssColor(style.color) : Color.self;
      ctx.strokeStyle = "#ffffff";
      ctx.lineWidth = Math.max(1, ratio * 1.2);
      traceMark(ctx, safePalette ? style.mark : "disc", self.x * scale, self.y * scale, (r * 1.35) / MARK_DISC_RADIUS);
      ctx.fill();
      ctx.stroke();
    }
  }

  private drawWalls(map: ArenaMap, size: number, scale: number): HTMLCanvasElement {
    const layer = this.doc.createElement("canvas");
    layer.width = layer.height = size;
    const ctx = layer.getContext("2d");
    if (!ctx) return layer;
    ctx.fillStyle = Color.floor;
    ctx.fillRect(0, 0, map.width * scale, map.height * scale);
    ctx.fillStyle = Color.wall;
    for (const o of map.obstacles) ctx.fillRect(o.x * scale, o.y * scale, Math.max(1, o.w * scale), Math.max(1, o.h * scale));
    ctx.strokeStyle = Color.border;
    ctx.lineWidth = 1;
    ctx.strokeRect(0.5, 0.5, map.width * scale - 1, map.height * scale - 1);
    return layer;
  }
}

/** A path for a side's mark centred at (x, y), `size` px from its centre to its tips. */
function traceMark(ctx: CanvasRenderingContext2D, mark: BodyMark, x: number, y: number, size: number): void {
  ctx.beginPath();
  if (mark === "disc" || mark === "none") {
    ctx.arc(x, y, size * MARK_DISC_RADIUS, 0, Math.PI * 2);
    return;
  }
  MARK_OUTLINES[mark].forEach(([mx, my], i) => (i === 0 ? ctx.moveTo(x + mx * size, y + my * size) : ctx.lineTo(x + mx * size, y + my * size)));
  ctx.closePath();
}
