import assert from "node:assert/strict";
import { PLAYER_MAX_HP, TICK_HZ } from "../../../shared/constants.ts";
import { MatchPhase } from "../../../shared/protocol.ts";
import { formatClock, formatRespawn, phaseBanner, secondsUntil } from "../../../client/src/view/format.ts";
import { KillFeed, killLine } from "../../../client/src/view/KillFeed.ts";
import { hpColor, lighten, Palette, playerColor } from "../../../client/src/view/palette.ts";
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
  it("copies players, phase, tick, mode and the winner into plain data", () => {
    const ann = { x: 1, y: 2, name: "Ann", hp: 80, alive: true, team: 2, score: 3, connected: false };
    const players = new Map([["s1", { ...ann, shield: 5 }]]);
    const snapshot = snapshotState({ phase: MatchPhase.PLAYING, tick: 42, mode: "teams", players, winnerTeam: 2 });
    assert.deepEqual(snapshot, {
      phase: MatchPhase.PLAYING, tick: 42, mode: "teams", players: { s1: { ...ann, inView: true } }, winnerId: "", winnerName: "", winnerTeam: 2,
    });
    players.get("s1")!.x = 99;
    assert.equal(snapshot.players.s1.x, 1, "detached from the live state");
  });

  it("says a player out of view is so, with null rather than missing position and health", () => {
    const far = { x: undefined, y: undefined, hp: undefined, name: "Far", alive: true, team: 1, score: 0, connected: true };
    const snapshot = snapshotState({ phase: MatchPhase.PLAYING, tick: 42, mode: "teams", players: new Map([["s2", far]]) });
    assert.deepEqual(snapshot.players.s2, { x: null, y: null, hp: null, inView: false, name: "Far", alive: true, team: 1, score: 0, connected: true });
    assert.deepEqual(JSON.parse(JSON.stringify(snapshot.players.s2)), snapshot.players.s2, "the same once serialized out of the page");
  });
});

describe("client view: lighten", () => {
  it("mixes toward white", () => {
    assert.equal(lighten(0x000000, 0.5), 0x808080);
    assert.equal(lighten(0x102030, 0), 0x102030);
    assert.equal(lighten(0x102030, 1), 0xffffff);
  });
});
