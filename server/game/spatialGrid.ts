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
  /**
   * How many items each cell holds; its array may hold more, left from before the last clear.
   * Clearing keeps the arrays' room: setting an array's length to 0 gives its storage back, and
   * a grid refilled every tick would then allocate it all again (young-generation garbage).
   * The cost: up to a cell's past peak of stale items stays referenced until overwritten.
   */
  private readonly counts: Int32Array;

  constructor(readonly width: number, readonly height: number, readonly cellSize: number) {
    this.cols = Math.max(1, Math.ceil(width / cellSize));
    this.rows = Math.max(1, Math.ceil(height / cellSize));
    this.cells = Array.from({ length: this.cols * this.rows }, () => []);
    this.counts = new Int32Array(this.cols * this.rows);
  }

  clear(): void {
    this.counts.fill(0);
  }

  insertPoint(item: T, x: number, y: number): void {
    this.add(this.row(y) * this.cols + this.col(x), item);
  }

  insertBox(item: T, box: Box): void {
    const c0 = this.col(box.minX), c1 = this.col(box.maxX), r0 = this.row(box.minY), r1 = this.row(box.maxY);
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) this.add(r * this.cols + c, item);
  }

  /** Visits every item in the cells `box` overlaps (clamped to the grid: anything outside lies in the edge cells). */
  query(box: Box, visit: (item: T) => void): void {
    const c0 = this.col(box.minX), c1 = this.col(box.maxX), r0 = this.row(box.minY), r1 = this.row(box.maxY);
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = this.cells[r * this.cols + c];
        for (let i = 0, n = this.counts[r * this.cols + c]; i < n; i++) visit(cell[i]);
      }
    }
  }

  /**
   * The cell at (`col`, `row`), for cellCount and cellItems: hot loops walk the cells
   * themselves (col, row give the range a box covers) rather than pay a callback per item.
   */
  cellAt(col: number, row: number): number {
    return row * this.cols + col;
  }

  /** How many items `cell` holds: the first that many of cellItems(cell). */
  cellCount(cell: number): number {
    return this.counts[cell];
  }

  /** The items of `cell` in the order they were inserted (what query visits there), then stale ones: read cellCount(cell) of them. */
  cellItems(cell: number): readonly T[] {
    return this.cells[cell];
  }

  /** The column holding `x` (clamped to the grid, as query does). */
  col(x: number): number {
    const c = Math.floor(x / this.cellSize);
    return c < 0 || c !== c ? 0 : c >= this.cols ? this.cols - 1 : c;
  }

  /** The row holding `y` (clamped to the grid, as query does). */
  row(y: number): number {
    const r = Math.floor(y / this.cellSize);
    return r < 0 || r !== r ? 0 : r >= this.rows ? this.rows - 1 : r;
  }

  private add(cell: number, item: T): void {
    // Overwrites a stale item, or appends (count never exceeds the array's length).
    this.cells[cell][this.counts[cell]++] = item;
  }
}
