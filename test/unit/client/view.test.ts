import assert from "node:assert/strict";
import { PLAYER_MAX_HP, PROJECTILE_LIFE_TICKS, STEP_MS, TICK_HZ } from "../../../shared/constants.ts";
import { MatchPhase } from "../../../shared/protocol.ts";
import { projectilePosition } from "../../../shared/sim/weapon.ts";
import { formatClock, formatRespawn, phaseBanner, secondsUntil } from "../../../client/src/view/format.ts";
import { KillFeed, killLine } from "../../../client/src/view/KillFeed.ts";
import { hpColor, lighten, Palette, playerColor } from "../../../client/src/view/palette.ts";
import { projectileDrawPosition } from "../../../client/src/view/projectiles.ts";
import { MAX_EXTRAPOLATION_TICKS, renderTick } from "../../../client/src/view/renderTick.ts";
import { approach, approachAngle, approachPoint } from "../../../client/src/view/smoothing.ts";
import { snapshotState } from "../../../client/src/view/snapshot.ts";
import { sortStandings } from "../../../client/src/view/standings.ts";

describe("client view: time", () => {
  it("formats match clocks", () => {
    assert.equal(formatClock(0), "0:00");
    assert.equal(formatClock(5), "0:05");
    assert.equal(formatClock(125), "2:05");
    assert.equal(formatClock(300), "5:00");
    assert.equal(formatClock(59.9), "0:59");
    assert.equal(formatClock(-3), "0:00");
    assert.equal(formatClock(Number.NaN), "0:00");
  });

  it("counts whole seconds up to a tick, rounding up", () => {
    assert.equal(secondsUntil(100 + 3 * TICK_HZ, 100), 3);
    assert.equal(secondsUntil(100 + 3 * TICK_HZ - 1, 100), 3);
    assert.equal(secondsUntil(100 + 2 * TICK_HZ, 100), 2);
    assert.equal(secondsUntil(50, 100), 0);
    assert.equal(formatRespawn(100 + 45, 100), "1.5");
    assert.equal(formatRespawn(90, 100), "0.0");
  });

  it("describes each phase with its clock", () => {
    assert.deepEqual(phaseBanner(MatchPhase.PLAYING, 0, 150 * TICK_HZ, 4), { title: "MATCH", detail: "2:30" });
    assert.deepEqual(phaseBanner(MatchPhase.COUNTDOWN, 0, 2 * TICK_HZ + 1, 4), { title: "GET READY", detail: "3" });
    assert.match(phaseBanner(MatchPhase.WAITING, 0, 20 * TICK_HZ, 1).detail, /Waiting for players.*0:20/);
    assert.equal(phaseBanner(MatchPhase.WAITING, 0, 3 * TICK_HZ, 2).detail, "Match starts in 0:03");
    assert.equal(phaseBanner(MatchPhase.RESULTS, 0, 10 * TICK_HZ, 2).detail, "Next match in 10 s");
  });
});

describe("client view: standings", () => {
  it("orders by score, then kills, then fewest deaths, then name, sharing ranks on full ties", () => {
    const rows = sortStandings(new Map([
      ["a", { name: "Ann", score: 3, kills: 3, deaths: 5 }],
      ["b", { name: "Bea", score: 5, kills: 5, deaths: 0 }],
      ["c", { name: "Cid", score: 3, kills: 4, deaths: 9 }],
      ["d", { name: "Dee", score: 3, kills: 3, deaths: 2 }],
      ["e", { name: "Eve", score: 3, kills: 3, deaths: 2 }],
    ]));
    assert.deepEqual(rows.map((r) => r.name), ["Bea", "Cid", "Dee", "Eve", "Ann"]);
    assert.deepEqual(rows.map((r) => r.rank), [1, 2, 3, 3, 5]);
    assert.equal(rows[0].sessionId, "b");
  });

  it("handles an empty room", () => {
    assert.deepEqual(sortStandings([]), []);
  });
});

describe("client view: kill feed", () => {
  it("keeps the newest few entries, newest first, each for a while", () => {
    const feed = new KillFeed(3, 1000);
    for (let i = 0; i < 5; i++) feed.add({ killer: `k${i}`, victim: `v${i}`, byMe: false, ofMe: false, at: i * 100 });
    assert.deepEqual(feed.visible(450).map((e) => e.killer), ["k4", "k3", "k2"]);
    assert.deepEqual(feed.visible(1250).map((e) => e.killer), ["k4", "k3"]);
    assert.deepEqual(feed.visible(5000), []);
  });

  it("names players who already left", () => {
    assert.equal(killLine("Ann", "Bea"), "Ann  ✖  Bea");
    assert.equal(killLine(undefined, ""), "Someone  ✖  someone");
  });
});

describe("client view: projectiles between patches", () => {
  const launch = { x0: 500, y0: 500, heading: 0, spawnTick: 100 };
  const at = { x: 0, y: 0 };

  it("advances the render tick with the time since the last patch, up to a bound", () => {
    assert.equal(renderTick(200, 1000, 1000), 200);
    assert.ok(Math.abs(renderTick(200, 1000, 1000 + STEP_MS / 2) - 200.5) < 1e-9);
    assert.equal(renderTick(200, 1000, 1000 + STEP_MS * 50), 200 + MAX_EXTRAPOLATION_TICKS);
    assert.equal(renderTick(200, 1000, 900), 200, "never goes back in time");
  });

  it("flies from the launch with the shared formula, fractional ticks included", () => {
    const expected = projectilePosition(launch, 2.5, { x: 0, y: 0 });
    assert.deepEqual(projectileDrawPosition(launch, 102.5, Infinity, at), expected);
    assert.deepEqual(projectileDrawPosition(launch, 99, Infinity, at), { x: 500, y: 500 }, "a tick early draws it at the muzzle");
  });

  it("disappears at the first wall and after its life", () => {
    assert.ok(projectileDrawPosition(launch, 104.9, 5, at));
    assert.equal(projectileDrawPosition(launch, 105, 5, at), null);
    assert.ok(projectileDrawPosition(launch, 100 + PROJECTILE_LIFE_TICKS, Infinity, at));
    assert.equal(projectileDrawPosition(launch, 100 + PROJECTILE_LIFE_TICKS + 0.1, Infinity, at), null);
  });
});

describe("client view: smoothing", () => {
  it("approaches a target independently of the frame rate", () => {
    let a = 0, b = 0;
    for (let i = 0; i < 6; i++) a = approach(a, 100, 1000 / 60, 50);
    for (let i = 0; i < 3; i++) b = approach(b, 100, 1000 / 30, 50);
    assert.ok(Math.abs(a - b) < 1e-9);
    assert.ok(a > 80 && a < 100);
    assert.equal(approach(0, 100, 0, 50), 100, "no time information: show the truth");
  });

  it("snaps across large jumps such as a respawn", () => {
    const p = { x: 0, y: 0 };
    assert.equal(approachPoint(p, { x: 10, y: 0 }, 16, 50, 100), false);
    assert.ok(p.x > 0 && p.x < 10);
    assert.equal(approachPoint(p, { x: 1000, y: 1000 }, 16, 50, 100), true);
    assert.deepEqual(p, { x: 1000, y: 1000 });
  });

  it("turns the short way round", () => {
    const turned = approachAngle(Math.PI - 0.1, -Math.PI + 0.1, 1000, 50);
    assert.ok(Math.abs(Math.cos(turned) - Math.cos(Math.PI)) < 0.01, `turned to ${turned}`);
  });
});

describe("client view: colours", () => {
  it("sets the local player apart in free-for-all and uses team colours in teams", () => {
    assert.equal(playerColor(0, true), Palette.self);
    assert.equal(playerColor(0, false), Palette.enemy);
    assert.equal(playerColor(1, true), playerColor(1, false));
    assert.notEqual(playerColor(1, false), playerColor(2, false));
  });

  it("shades health from green to red", () => {
    assert.equal(hpColor(PLAYER_MAX_HP, PLAYER_MAX_HP), Palette.hpHigh);
    assert.equal(hpColor(50, PLAYER_MAX_HP), Palette.hpMid);
    assert.equal(hpColor(20, PLAYER_MAX_HP), Palette.hpLow);
  });
});

describe("client test hook snapshot", () => {
  it("copies players, phase, tick and mode into plain data", () => {
    const ann = { x: 1, y: 2, name: "Ann", hp: 80, alive: true, team: 2, score: 3, connected: false };
    const players = new Map([["s1", { ...ann, shield: 5 }]]);
    const snapshot = snapshotState({ phase: MatchPhase.PLAYING, tick: 42, mode: "teams", players });
    assert.deepEqual(snapshot, { phase: MatchPhase.PLAYING, tick: 42, mode: "teams", players: { s1: ann } });
    players.get("s1")!.x = 99;
    assert.equal(snapshot.players.s1.x, 1, "detached from the live state");
  });
});

describe("client view: lighten", () => {
  it("mixes toward white", () => {
    assert.equal(lighten(0x000000, 0.5), 0x808080);
    assert.equal(lighten(0x102030, 0), 0x102030);
    assert.equal(lighten(0x102030, 1), 0xffffff);
  });
});
