import assert from "node:assert/strict";
import { SpatialGrid } from "../../../server/game/spatialGrid.ts";

// query and the cell walk (cellAt, cellCount, cellItems) must see the same items in the same
// order: spawn scoring walks the cells itself and its sums depend on that order.
describe("spatial grid, refilled", () => {
  const all = { minX: -1e9, minY: -1e9, maxX: 1e9, maxY: 1e9 };
  const queried = (grid: SpatialGrid<number>) => {
    const out: number[] = [];
    grid.query(all, (item) => out.push(item));
    return out;
  };
  const walked = (grid: SpatialGrid<number>) => {
    const out: number[] = [];
    for (let r = 0; r < grid.rows; r++) {
      for (let c = 0; c < grid.cols; c++) {
        const cell = grid.cellAt(c, r), items = grid.cellItems(cell);
        for (let k = 0; k < grid.cellCount(cell); k++) out.push(items[k]);
      }
    }
    return out;
  };

  it("shows only what was inserted since the last clear, in insertion order, by query and by walking the cells", () => {
    const grid = new SpatialGrid<number>(1000, 1000, 250);
    for (let i = 0; i < 40; i++) grid.insertPoint(i, (i * 97) % 1000, (i * 61) % 1000);
    grid.insertBox(99, { minX: 0, minY: 0, maxX: 999, maxY: 999 });
    assert.equal(queried(grid).length, 40 + 16);
    grid.clear();
    assert.deepEqual(queried(grid), []);
    grid.insertPoint(7, 10, 10);
    grid.insertPoint(8, 20, 20);
    grid.insertPoint(9, 900, 10);
    grid.insertBox(5, { minX: 10, minY: 10, maxX: 300, maxY: 20 });
    assert.deepEqual(queried(grid), [7, 8, 5, 5, 9]);
    assert.deepEqual(walked(grid), queried(grid));
  });

  it("gives the cell of a coordinate as query does, clamped to the grid", () => {
    const grid = new SpatialGrid<number>(1000, 1000, 250);
    assert.deepEqual([grid.col(0), grid.col(249.9), grid.col(250), grid.col(999), grid.col(5000), grid.col(-1), grid.col(NaN)], [0, 0, 1, 3, 3, 0, 0]);
    assert.deepEqual([grid.row(260), grid.row(-1e9)], [1, 0]);
    grid.insertPoint(1, 260, 760);
    assert.equal(grid.cellCount(grid.cellAt(grid.col(260), grid.row(760))), 1);
  });
});
