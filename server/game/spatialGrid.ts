// A uniform grid over the arena: what interest management (interest.ts) and spawn scoring
// (spawn.ts) look things up in by area instead of scanning everything.

/** An axis-aligned box by its corners. */
export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * Items by the grid cells they touch: a point in one cell, a segment in every cell of its
 * bounding box (a shot's remaining flight spans at most a few). A query visits the items of
 * the cells a box overlaps; an item in several cells is visited once per cell.
 */
export class SpatialGrid<T> {
  readonly cols: number;
  readonly rows: number;
  private readonly cells: T[][];

  constructor(readonly width: number, readonly height: number, readonly cellSize: number) {
    this.cols = Math.max(1, Math.ceil(width / cellSize));
    this.rows = Math.max(1, Math.ceil(height / cellSize));
    this.cells = Array.from({ length: this.cols * this.rows }, () => []);
  }

  clear(): void {
    for (const cell of this.cells) cell.length = 0;
  }

  insertPoint(item: T, x: number, y: number): void {
    this.cells[this.row(y) * this.cols + this.col(x)].push(item);
  }

  insertBox(item: T, box: Box): void {
    const c0 = this.col(box.minX), c1 = this.col(box.maxX), r0 = this.row(box.minY), r1 = this.row(box.maxY);
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) this.cells[r * this.cols + c].push(item);
  }

  /** Visits every item in the cells `box` overlaps (clamped to the grid: anything outside lies in the edge cells). */
  query(box: Box, visit: (item: T) => void): void {
    const c0 = this.col(box.minX), c1 = this.col(box.maxX), r0 = this.row(box.minY), r1 = this.row(box.maxY);
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = this.cells[r * this.cols + c];
        for (let i = 0; i < cell.length; i++) visit(cell[i]);
      }
    }
  }

  private col(x: number): number {
    const c = Math.floor(x / this.cellSize);
    return c < 0 || c !== c ? 0 : c >= this.cols ? this.cols - 1 : c;
  }

  private row(y: number): number {
    const r = Math.floor(y / this.cellSize);
    return r < 0 || r !== r ? 0 : r >= this.rows ? this.rows - 1 : r;
  }
}
