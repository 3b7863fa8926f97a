import assert from "node:assert/strict";
import { RemoteTracks, type SampleKind } from "../../../client/src/net/RemoteTracks.ts";
import { MAX_EXTRAPOLATION_MS, PATCH_HZ, STEP_MS, TELEPORT_DISTANCE_U } from "../../../shared/constants.ts";
import { isPatchTick as isServerPatchTick } from "../../../shared/protocol.ts";

const FRAME_MS = 1000 / 60;
const MAX_EXTRAPOLATION_TICKS = MAX_EXTRAPOLATION_MS / STEP_MS;
/** A 20 Hz patch rate over 30 Hz ticks: a snapshot after two ticks of every three. */
/** 20 Hz patches over the 30 Hz tick, as the server sends them. */
const isPatchTick = (tick: number) => isServerPatchTick(tick, PATCH_HZ);
/** Render delay behind the server clock (ticks): the latency of the link plus a steady interpolation delay. */
const LATENCY_MS = 40;
const DELAY_TICKS = LATENCY_MS / STEP_MS + 2 + 8 / STEP_MS;

/** Walks along x at `speed` units per tick from x = 300. */
const walker = (speed: number) => (tick: number) => ({ x: 300 + speed * tick, y: 400 });

interface Frame {
  now: number;
  renderTick: number;
  x: number;
  y: number;
  kind: SampleKind;
  alive: boolean;
}

/**
 * The server sends `path` (the player at each tick) after each patch tick; each snapshot arrives
 * LATENCY_MS later, or at `delayedUntil(tick)` (ms) when that is later. The client draws at 60 Hz,
 * DELAY_TICKS behind the server clock.
 */
function play(tracks: RemoteTracks, durationMs: number, path: (tick: number) => { x: number; y: number; alive?: boolean },
  delayedUntil: (tick: number) => number = () => 0): Frame[] {
  const frames: Frame[] = [];
  const inFlight: { tick: number; at: number }[] = [];
  let nextTick = 1;
  for (let now = 0; now <= durationMs; now += FRAME_MS) {
    for (; nextTick * STEP_MS <= now; nextTick++) {
      if (isPatchTick(nextTick)) inFlight.push({ tick: nextTick, at: Math.max(nextTick * STEP_MS + LATENCY_MS, delayedUntil(nextTick)) });
    }
    for (let i = 0; i < inFlight.length; i++) {
      const { tick, at } = inFlight[i];
      if (at > now) continue;
      const p = path(tick);
      tracks.push("p", tick, p.x, p.y, 0, p.alive ?? true);
      inFlight.splice(i--, 1);
    }
    const renderTick = now / STEP_MS - DELAY_TICKS;
    const drawn = tracks.sample("p", renderTick, FRAME_MS);
    if (drawn) frames.push({ now, renderTick, x: drawn.x, y: drawn.y, kind: drawn.kind, alive: drawn.alive });
  }
  return frames;
}

const stepsOf = (frames: Frame[]) => frames.slice(1).map((f, i) => Math.hypot(f.x - frames[i].x, f.y - frames[i].y));

describe("RemoteTracks", () => {
  it("interpolates exactly between the two snapshots around the render tick", () => {
    const tracks = new RemoteTracks();
    tracks.push("a", 10, 100, 200, 0, true);
    tracks.push("a", 12, 110, 190, 0.5, true);
    tracks.push("a", 13, 130, 190, 0.5, true);
    const at = (tick: number) => {
      const d = tracks.sample("a", tick, FRAME_MS)!;
      return { x: d.x, y: d.y, aim: d.aim, kind: d.kind };
    };
    assert.deepEqual(at(11), { x: 105, y: 195, aim: 0.25, kind: "interpolated" });
    assert.deepEqual(at(10.5), { x: 102.5, y: 197.5, aim: 0.125, kind: "interpolated" });
    assert.deepEqual(at(12.5), { x: 120, y: 190, aim: 0.5, kind: "interpolated" });
    assert.deepEqual(at(10), { x: 100, y: 200, aim: 0, kind: "interpolated" });
    assert.deepEqual(at(9), { x: 100, y: 200, aim: 0, kind: "held" }, "before the oldest snapshot: as it showed the player");
  });

  it("draws constant-speed motion at a constant displacement per frame", () => {
    const tracks = new RemoteTracks();
    const frames = play(tracks, 10_000, walker(6)).filter((f) => f.now > 500);
    assert.ok(frames.length > 500);
    for (const f of frames) assert.equal(f.kind, "interpolated");
    const expected = 6 * (FRAME_MS / STEP_MS);
    for (const [i, step] of stepsOf(frames).entries()) assert.ok(Math.abs(step - expected) < 1e-9, `frame ${i}: ${step} u`);
  });

  it("continues the last motion for at most MAX_EXTRAPOLATION_MS past the newest snapshot, then holds still", () => {
    const tracks = new RemoteTracks();
    tracks.push("a", 20, 100, 100, 0, true);
    tracks.push("a", 22, 110, 104, 0, true); // 5 u and 2 u per tick
    const at = (tick: number) => {
      const d = tracks.sample("a", tick, FRAME_MS)!;
      return { x: d.x, y: d.y, kind: d.kind };
    };
    assert.deepEqual(at(23), { x: 115, y: 106, kind: "extrapolated" });
    const limit = 22 + MAX_EXTRAPOLATION_TICKS;
    const held = { x: 110 + 5 * MAX_EXTRAPOLATION_TICKS, y: 104 + 2 * MAX_EXTRAPOLATION_TICKS };
    for (const tick of [limit + 0.01, limit + 1, limit + 30]) {
      const d = at(tick);
      assert.equal(d.kind, "frozen", `at ${tick}`);
      assert.ok(Math.abs(d.x - held.x) < 1e-9 && Math.abs(d.y - held.y) < 1e-9, `held where extrapolation stopped, at ${tick}`);
    }
  });

  it("runs on through a late snapshot, then holds, and glides back onto the true path when it comes", () => {
    const speed = 6;
    const truth = walker(speed);
    const tracks = new RemoteTracks();
    // the snapshots of ticks 150 to 162 (400 ms of play) are stuck and arrive together
    const burstAt = 163 * STEP_MS + LATENCY_MS;
    const frames = play(tracks, 8000, truth, (tick) => (tick >= 150 && tick < 163 ? burstAt : 0)).filter((f) => f.now > 500);
    const normalStep = speed * (FRAME_MS / STEP_MS);

    const before = frames.filter((f) => f.now < burstAt);
    const extrapolated = before.filter((f) => f.kind === "extrapolated");
    const frozen = before.filter((f) => f.kind === "frozen");
    assert.ok(extrapolated.length >= 4, `${extrapolated.length} frames extrapolated`);
    assert.ok(frozen.length >= 10, `${frozen.length} frames held`);
    for (const f of extrapolated) assert.ok(Math.abs(f.x - truth(f.renderTick).x) < 1e-9, "extrapolated along the true motion");
    const heldAt = truth(149 + MAX_EXTRAPOLATION_TICKS).x;
    for (const f of frozen) assert.ok(Math.abs(f.x - heldAt) < 1e-9, `held ${MAX_EXTRAPOLATION_MS} ms past the newest snapshot`);

    const after = frames.filter((f) => f.now >= burstAt);
    assert.equal(after[0].kind, "interpolated");
    const lag = truth(after[0].renderTick).x - after[0].x;
    assert.ok(lag > 4 * normalStep, `the held player fell behind the true path (${lag.toFixed(1)} u)`);
    const errors = after.map((f) => truth(f.renderTick).x - f.x);
    const steps = stepsOf([frames[frames.indexOf(after[0]) - 1], ...after]);
    const gaps = [truth(after[0].renderTick - FRAME_MS / STEP_MS).x - frames[frames.indexOf(after[0]) - 1].x, ...errors];
    for (let i = 0; i < steps.length; i++) {
      assert.ok(steps[i] <= normalStep + 0.2 * gaps[i] + 1e-9, `frame ${i} after the snapshot came moves ${steps[i].toFixed(2)} u, with ${gaps[i].toFixed(2)} u to catch up: a glide, not a jump`);
    }
    for (let i = 1; i < errors.length; i++) assert.ok(errors[i] <= errors[i - 1] + 1e-9, "the gap only closes");
    const settled = after.filter((f) => f.now > burstAt + 800);
    for (const f of settled) assert.ok(Math.abs(f.x - truth(f.renderTick).x) < 0.1, `back on the true path by ${f.now.toFixed(0)} ms`);
  });

  it("does not stall when a late snapshot confirms what extrapolation drew", () => {
    const speed = 6;
    const truth = walker(speed);
    const tracks = new RemoteTracks();
    // the snapshots of ticks 150 and 151 come 70 ms late: extrapolation bridges them
    const lateUntil = 152 * STEP_MS + LATENCY_MS + 70;
    const frames = play(tracks, 7000, truth, (tick) => (tick >= 150 && tick < 152 ? lateUntil : 0)).filter((f) => f.now > 500);
    const extrapolated = frames.filter((f) => f.kind === "extrapolated").length;
    assert.ok(extrapolated >= 2, `${extrapolated} frames extrapolated`);
    assert.equal(frames.filter((f) => f.kind === "frozen").length, 0);
    const normalStep = speed * (FRAME_MS / STEP_MS);
    for (const [i, step] of stepsOf(frames).entries()) assert.ok(Math.abs(step - normalStep) < 1e-9, `frame ${i} moves ${step} u`);
    for (const f of frames) assert.ok(Math.abs(f.x - truth(f.renderTick).x) < 1e-9, `on the true path at ${f.now.toFixed(0)} ms`);
  });

  it("does not slide across a teleport: holds, then jumps", () => {
    const tracks = new RemoteTracks();
    tracks.push("a", 10, 100, 100, 0, true);
    tracks.push("a", 12, 105, 100, 0, true);
    tracks.push("a", 14, 1800, 900, 0, true); // moved far more than anyone can in two ticks
    tracks.push("a", 15, 1806, 900, 0, true);
    const drawn: { x: number; y: number; kind: SampleKind }[] = [];
    for (let tick = 12; tick <= 15; tick += 0.25) {
      const d = tracks.sample("a", tick, FRAME_MS)!;
      drawn.push({ x: d.x, y: d.y, kind: d.kind });
    }
    for (const d of drawn) {
      const onOldSide = d.x === 105 && d.y === 100;
      const onNewSide = d.x >= 1800 && d.y === 900;
      assert.ok(onOldSide || onNewSide, `never drawn in between: (${d.x}, ${d.y})`);
    }
    assert.equal(drawn[4].kind, "held", "held across the teleport");
    assert.equal(drawn[8].kind, "interpolated");
    assert.equal(drawn.at(-1)!.x, 1806);
  });

  it("holds a teleport seen past the newest snapshot rather than extrapolating from it", () => {
    const tracks = new RemoteTracks();
    tracks.push("a", 10, 100, 100, 0, true);
    tracks.push("a", 12, 100 + TELEPORT_DISTANCE_U * 3, 100, 0, true);
    const d = tracks.sample("a", 13, FRAME_MS)!;
    assert.deepEqual({ x: d.x, y: d.y, kind: d.kind }, { x: 100 + TELEPORT_DISTANCE_U * 3, y: 100, kind: "frozen" });
  });

  it("shows death and respawn as the snapshots have them: no slide from the corpse to the spawn", () => {
    const tracks = new RemoteTracks();
    // dies at tick 12, respawns 200 u away at tick 20: not far enough to count as a teleport by distance alone
    const path = (tick: number) => tick < 12 ? { x: 300 + 5 * tick, y: 400, alive: true }
      : tick < 20 ? { x: 360, y: 400, alive: false } : { x: 560 + 5 * (tick - 20), y: 400, alive: true };
    for (let tick = 2; tick <= 26; tick++) if (isPatchTick(tick)) tracks.push("a", tick, path(tick).x, path(tick).y, 0, path(tick).alive);
    for (let tick = 12; tick < 20; tick += 0.125) {
      const d = tracks.sample("a", tick, FRAME_MS)!;
      assert.equal(d.alive, false, `dead at ${tick}`);
      assert.equal(d.x, 360, `where it died, at ${tick}`);
    }
    const spawned = tracks.sample("a", 20, FRAME_MS)!;
    assert.deepEqual({ x: spawned.x, alive: spawned.alive }, { x: 560, alive: true }, "at the spawn at once");
    const alive = tracks.sample("a", 11.5, FRAME_MS)!;
    assert.equal(alive.alive, true, "alive until the snapshot that shows it dead");
  });

  it("drops what is left of a glide when the player dies: the corpse is drawn where it fell", () => {
    const tracks = new RemoteTracks();
    tracks.push("a", 10, 100, 100, 0, true);
    tracks.push("a", 11, 106, 100, 0, true);
    for (let tick = 11.5; tick < 14; tick += 0.5) tracks.sample("a", tick, FRAME_MS); // extrapolated, then held at 124
    tracks.push("a", 14, 160, 100, 0, true); // it had dashed on
    tracks.push("a", 15, 166, 100, 0, true);
    tracks.push("a", 16, 166, 100, 0, false);
    const gliding = tracks.sample("a", 14.5, FRAME_MS)!;
    assert.equal(gliding.kind, "interpolated");
    assert.ok(163 - gliding.x > 5, `still catching up (${gliding.x})`);
    const dead = tracks.sample("a", 16.2, FRAME_MS)!;
    assert.deepEqual({ x: dead.x, y: dead.y, alive: dead.alive }, { x: 166, y: 100, alive: false });
  });

  it("turns the aim the short way round", () => {
    const tracks = new RemoteTracks();
    tracks.push("a", 10, 100, 100, 3.0, true);
    tracks.push("a", 12, 100, 100, -3.0, true); // 0.28 rad apart across ±π, not 6 rad the long way
    const mid = tracks.sample("a", 11, FRAME_MS)!.aim;
    assert.ok(Math.cos(mid) < -0.999, `aims backwards halfway (${mid})`);
    assert.ok(Math.abs(Math.sin(mid)) < 1e-9, "exactly halfway along the short arc");
  });

  it("ignores duplicate and older snapshots", () => {
    const tracks = new RemoteTracks();
    tracks.push("a", 10, 100, 100, 0, true);
    tracks.push("a", 12, 120, 100, 0, true);
    tracks.push("a", 12, 900, 900, 0, true);
    tracks.push("a", 11, 900, 900, 0, true);
    assert.equal(tracks.newestTick("a"), 12);
    const d = tracks.sample("a", 11, FRAME_MS)!;
    assert.deepEqual({ x: d.x, y: d.y }, { x: 110, y: 100 });
  });

  it("forgets players that are gone, and knows nothing of players never seen", () => {
    const tracks = new RemoteTracks();
    tracks.push("a", 10, 100, 100, 0, true);
    tracks.push("b", 10, 200, 200, 0, true);
    tracks.retain((id) => id === "a");
    assert.equal(tracks.sample("b", 10, FRAME_MS), null);
    assert.equal(tracks.newestTick("b"), -1);
    assert.equal(tracks.newestTick("a"), 10);
    assert.equal(tracks.sample("nobody", 10, FRAME_MS), null);
    tracks.clear();
    assert.equal(tracks.sample("a", 10, FRAME_MS), null);
  });

  it("starts a player back in view afresh: drawn at once where it is now, with nothing of where it left", () => {
    const tracks = new RemoteTracks();
    for (let tick = 10; tick <= 40; tick += 2) tracks.push("a", tick, 100 + tick, 300, 0, true);
    assert.equal(tracks.sample("a", 36, FRAME_MS)!.kind, "interpolated");
    tracks.retain(() => false); // it left the view
    assert.equal(tracks.sample("a", 38, FRAME_MS), null, "not drawn while out of view");

    tracks.push("a", 70, 900, 1200, 1, true); // back, far away
    const before = tracks.sample("a", 66, FRAME_MS)!;
    assert.deepEqual({ ...before }, { x: 900, y: 1200, aim: 1, alive: true, kind: "held" }, "at its new place before the drawn moment reaches it");
    tracks.push("a", 72, 904, 1200, 1, true);
    const drawn = [68, 70, 71, 72].map((tick) => ({ ...tracks.sample("a", tick, FRAME_MS)! }));
    assert.deepEqual(drawn.map((d) => d.x), [900, 900, 902, 904], "then on along its new path, no glide from the old one");
    assert.equal(tracks.positionAt("a", 40, { x: 0, y: 0 }), false, "nothing of the old track is left to judge a shot against");
  });

  it("tells where a player was at a tick without smoothing, and not when it was dead or unknown", () => {
    const tracks = new RemoteTracks();
    tracks.push("a", 10, 100, 100, 0, true);
    tracks.push("a", 12, 110, 100, 0, true);
    tracks.push("a", 14, 110, 100, 0, false);
    const out = { x: 0, y: 0 };
    assert.equal(tracks.positionAt("a", 11, out), true);
    assert.deepEqual(out, { x: 105, y: 100 });
    assert.equal(tracks.positionAt("a", 14.5, out), false, "dead");
    assert.equal(tracks.positionAt("a", 5, out), false, "before anything was seen");
    assert.equal(tracks.positionAt("ghost", 11, out), false);
  });
});
