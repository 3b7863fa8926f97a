import assert from "node:assert/strict";
import { VIEW_CHANGE_U, VIEW_REPORT_INTERVAL_MS, ViewReporter, wireViewSize } from "../../../client/src/net/ViewReporter.ts";
import { fitView } from "../../../client/src/view/camera.ts";
import { MAX_VIEW_SIDE_U, VIEW_SPAN_U } from "../../../shared/constants.ts";
import type { ViewSize } from "../../../shared/protocol.ts";

const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

describe("fitView", () => {
  const screens: [string, number, number][] = [
    ["laptop", 1280, 720], ["full HD", 1920, 1080], ["4K", 3840, 2160], ["ultra-wide", 3440, 1440],
    ["phone upright", 390, 844], ["phone sideways", 844, 390], ["tiny window", 300, 200],
  ];

  it("never shows more than MAX_VIEW_SIDE_U along either side, and shows what the zoom says", () => {
    for (const [name, w, h] of screens) {
      const fit = fitView(w, h);
      assert.ok(fit.width <= MAX_VIEW_SIDE_U && fit.height <= MAX_VIEW_SIDE_U, `${name}: ${fit.width} × ${fit.height}`);
      assert.ok(close(fit.width * fit.zoom, w) && close(fit.height * fit.zoom, h), `${name}: the world shown fills the screen`);
    }
  });

  it("shows VIEW_SPAN_U across the shorter side where that fits", () => {
    for (const [w, h] of [[1280, 720], [1920, 1080], [390, 844], [844, 390]]) {
      const fit = fitView(w, h);
      assert.ok(close(Math.min(fit.width, fit.height), VIEW_SPAN_U), `${w}×${h}: ${fit.width} × ${fit.height}`);
    }
    assert.ok(close(fitView(1280, 720).zoom, 720 / VIEW_SPAN_U));
  });

  it("zooms in further on big and wide screens, down to MAX_VIEW_SIDE_U along the longer side", () => {
    assert.deepEqual(fitView(3840, 2160), { zoom: 2, width: 1920, height: 1080 });
    const wide = fitView(3440, 1440);
    assert.ok(close(wide.zoom, 3440 / MAX_VIEW_SIDE_U) && close(wide.width, MAX_VIEW_SIDE_U), JSON.stringify(wide));
    assert.ok(wide.height < VIEW_SPAN_U, "the shorter side shows less than usual, the price of the width");
  });

  it("zooms out no further than 0.45 on a tiny window", () => {
    const fit = fitView(300, 200);
    assert.equal(fit.zoom, 0.45);
  });
});

describe("ViewReporter", () => {
  const reporter = (told: ViewSize | null = null) => {
    const sent: ViewSize[] = [];
    return { sent, reporter: new ViewReporter((size) => sent.push(size), told) };
  };

  it("tells nothing the join options already said", () => {
    const { sent, reporter: r } = reporter({ width: 1529, height: 860 });
    r.update({ width: 1529.4118, height: 860 }, 0);
    r.update({ width: 1529 + VIEW_CHANGE_U, height: 860 - VIEW_CHANGE_U }, 1000);
    assert.deepEqual(sent, []);
  });

  it("tells a seat taken back at once, in whole units", () => {
    const { sent, reporter: r } = reporter();
    r.update(fitView(1280, 720), 0);
    assert.deepEqual(sent, [{ width: 1529, height: 860 }]);
    assert.deepEqual(r.reported, { width: 1529, height: 860 });
  });

  it("tells a turned phone, at most once per interval, and the final size once the resizing stops", () => {
    const { sent, reporter: r } = reporter(wireViewSize(fitView(390, 844)));
    r.update(fitView(844, 390), 1000);
    assert.deepEqual(sent, [{ width: 1861, height: 860 }]);
    // A window dragged wider, a size every frame.
    for (let i = 1; i <= 30; i++) r.update(fitView(844 + i * 10, 390), 1000 + i * 16);
    assert.ok(sent.length <= 1 + Math.ceil((30 * 16) / VIEW_REPORT_INTERVAL_MS), `${sent.length} messages`);
    r.update(fitView(1144, 390), 2000);
    assert.deepEqual(sent.at(-1), wireViewSize(fitView(1144, 390)), "the size it settled at");
  });
});
