import assert from "node:assert/strict";
import { ATTACKER_ARROW_MS, MINIMAP_ENEMY_RADIUS_U, MINIMAP_FIRED_SHOWN_MS } from "../../../shared/constants.ts";
import { soleLeader, sortStandings } from "../../../shared/standings.ts";
import { connectionLabel } from "../../../client/src/ui/Scoreboard.ts";
import {
  edgeArrow, likelyAttacker, minimapDots, minimapOthers, minimapShowsEnemy, RecentAttackers, RecentFire, type MinimapPlayer,
} from "../../../client/src/view/minimap.ts";
import { resultsHeadline } from "../../../client/src/view/results.ts";
import { scoreboardRows, type ScoreboardSource } from "../../../client/src/view/scoreboard.ts";

const player = (name: string, score: number, kills: number, deaths: number, over: Partial<ScoreboardSource> = {}): ScoreboardSource =>
  ({ name, team: 0, score, kills, deaths, connected: true, ...over });

describe("scoreboard", () => {
  it("orders by score desc, kills desc, deaths asc, then name, and marks the own row", () => {
    const players = new Map<string, ScoreboardSource>([
      ["s1", player("Dora", 3, 3, 5)],
      ["s2", player("Ann", 5, 5, 2)],
      ["s3", player("Cy", 3, 4, 1)],
      ["s4", player("Bo", 3, 3, 2)],
      ["s5", player("Al", 3, 3, 5)],
      ["s6", player("Eve", 0, 0, 0, { connected: false, team: 2 })],
    ]);
    const rows = scoreboardRows(players, "s4");
    assert.deepEqual(rows.map((r) => r.name), ["Ann", "Cy", "Bo", "Al", "Dora", "Eve"]);
    assert.deepEqual(rows.map((r) => r.rank), [1, 2, 3, 4, 4, 6], "full ties share a rank");
    assert.deepEqual(rows.filter((r) => r.self).map((r) => r.sessionId), ["s4"]);
    assert.deepEqual(rows[5], {
      sessionId: "s6", rank: 6, name: "Eve", team: 2, teamName: "Orange", score: 0, kills: 0, deaths: 0, connected: false, self: false,
    });
  });

  it("shows the own ping, and everyone else's connection", () => {
    const [me, dropped, online] = scoreboardRows(new Map([
      ["a", player("A", 3, 3, 0)], ["b", player("B", 2, 2, 0, { connected: false })], ["c", player("C", 1, 1, 0)],
    ]), "a");
    assert.equal(connectionLabel(me, 41.6), "42 ms");
    assert.equal(connectionLabel(me, null), "you");
    assert.equal(connectionLabel(dropped, 41.6), "dropped");
    assert.equal(connectionLabel(online, 41.6), "online");
  });

  it("has a sole leader only when nobody shares first place", () => {
    assert.equal(soleLeader(sortStandings([["a", player("A", 2, 2, 0)], ["b", player("B", 1, 1, 0)]]))?.sessionId, "a");
    assert.equal(soleLeader(sortStandings([["a", player("A", 2, 2, 1)], ["b", player("B", 2, 2, 1)]])), null);
    assert.equal(soleLeader([]), null);
  });
});

describe("minimap", () => {
  it("shows an enemy that is near, or that fired recently; no other", () => {
    assert.equal(minimapShowsEnemy(MINIMAP_ENEMY_RADIUS_U, null), true);
    assert.equal(minimapShowsEnemy(MINIMAP_ENEMY_RADIUS_U + 1, null), false);
    assert.equal(minimapShowsEnemy(2000, 0), true);
    assert.equal(minimapShowsEnemy(2000, MINIMAP_FIRED_SHOWN_MS), true);
    assert.equal(minimapShowsEnemy(2000, MINIMAP_FIRED_SHOWN_MS + 1), false);
  });

  it("draws you, your living teammates anywhere, and enemies only by the rule", () => {
    const self: MinimapPlayer = { id: "me", x: 1000, y: 1000, team: 1, alive: true };
    const others: MinimapPlayer[] = [
      { id: "mate-far", x: 2300, y: 2300, team: 1, alive: true },
      { id: "mate-dead", x: 1010, y: 1000, team: 1, alive: false },
      { id: "foe-near", x: 1000 + MINIMAP_ENEMY_RADIUS_U - 10, y: 1000, team: 2, alive: true },
      { id: "foe-far", x: 100, y: 100, team: 2, alive: true },
      { id: "foe-far-firing", x: 2300, y: 100, team: 2, alive: true },
      { id: "foe-near-dead", x: 1020, y: 1000, team: 2, alive: false },
    ];
    const dots = minimapDots(self, others, (id) => (id === "foe-far-firing" ? 500 : null));
    assert.deepEqual(dots.map((d) => `${d.id}:${d.mark}`), ["mate-far:ally", "foe-near:enemy", "foe-far-firing:enemy", "me:self"]);
  });

  it("takes the players drawn this frame where they are drawn, and far teammates at their coarse position", () => {
    const drawn = new Map([["mate-near", { x: 1100, y: 1000, alive: true }], ["foe-near", { x: 900, y: 1000, alive: true }]]);
    const players = new Map([
      ["me", { team: 1, alive: true, radarX: 1000, radarY: 1000 }],
      ["mate-near", { team: 1, alive: true, radarX: 1090, radarY: 1010 }],
      ["mate-far", { team: 1, alive: true, radarX: 2100, radarY: 300 }],
      ["mate-far-dead", { team: 1, alive: false, radarX: 2000, radarY: 300 }],
      ["foe-near", { team: 2, alive: true }],
      ["foe-far", { team: 2, alive: true }],
    ]);
    const others = minimapOthers({ id: "me", team: 1 }, drawn, players);
    assert.deepEqual(others, [
      { id: "mate-near", x: 1100, y: 1000, alive: true, team: 1 },
      { id: "mate-far", x: 2100, y: 300, alive: true, team: 1 },
      { id: "mate-far-dead", x: 2000, y: 300, alive: false, team: 1 },
      { id: "foe-near", x: 900, y: 1000, alive: true, team: 2 },
    ]);
    const dots = minimapDots({ id: "me", x: 1000, y: 1000, team: 1, alive: true }, others, () => null);
    assert.deepEqual(dots.map((d) => `${d.id}:${d.mark}`), ["mate-near:ally", "mate-far:ally", "foe-near:enemy", "me:self"]);

    const ffa = minimapOthers({ id: "me", team: 0 }, new Map(), new Map([["far", { team: 0, alive: true }]]));
    assert.deepEqual(ffa, [], "in free-for-all nobody out of view is known");
    // An enemy out of view whose shot this screen saw: shown where it fired from, while that is recent.
    const fired = minimapOthers({ id: "me", team: 0 }, new Map(), new Map([["sniper", { team: 0, alive: true }], ["quiet", { team: 0, alive: true }]]),
      (id) => (id === "sniper" ? { x: 1900, y: 200 } : null));
    assert.deepEqual(fired, [{ id: "sniper", x: 1900, y: 200, alive: true, team: 0 }]);
    const me = { id: "me", x: 200, y: 2000, team: 0, alive: true };
    assert.deepEqual(minimapDots(me, fired, () => 500).map((d) => d.id), ["sniper", "me"], "fired half a second ago");
    assert.deepEqual(minimapDots(me, fired, () => 60_000).map((d) => d.id), ["me"], "long ago: gone");
  });

  it("in free-for-all everyone else is an enemy", () => {
    const dots = minimapDots({ id: "me", x: 0, y: 0, team: 0, alive: true }, [{ id: "far", x: 2000, y: 0, team: 0, alive: true }], () => null);
    assert.deepEqual(dots.map((d) => d.id), ["me"]);
  });

  it("counts a player as firing while its shot flies, and for a while after", () => {
    const fire = new RecentFire();
    assert.equal(fire.firedAgo("a", 0), null);
    fire.observe("a", 1000, { x: 10, y: 20 });
    fire.observe("a", 1500, { x: 30, y: 40 });
    assert.equal(fire.firedAgo("a", 1700), 200);
    assert.deepEqual(fire.firedFrom("a"), { x: 30, y: 40 }, "where its latest shot came from");
    fire.retain((id) => id !== "a");
    assert.equal(fire.firedAgo("a", 1700), null);
  });
});

describe("attacker arrows", () => {
  it("point from the screen's edge toward an off-screen target, and not at one on screen", () => {
    assert.equal(edgeArrow(800, 600, 100, 50, 30), null);
    assert.deepEqual(edgeArrow(800, 600, 1000, 0, 30), { x: 770, y: 300, angle: 0 });
    const up = edgeArrow(800, 600, 0, -900, 30)!;
    assert.deepEqual([up.x, up.y], [400, 30]);
    assert.ok(Math.abs(up.angle + Math.PI / 2) < 1e-9);
    const corner = edgeArrow(800, 600, -2000, 2000, 30)!;
    assert.deepEqual([corner.x, corner.y], [400 - 270, 300 + 270], "clamped by the nearer edge (the bottom)");
  });

  it("remember attackers for ATTACKER_ARROW_MS, newest first", () => {
    const attackers = new RecentAttackers();
    attackers.note("a", 0);
    attackers.note("b", 100);
    assert.deepEqual(attackers.active(200), ["b", "a"]);
    assert.deepEqual(attackers.active(ATTACKER_ARROW_MS + 50), ["b"]);
    assert.deepEqual(attackers.active(ATTACKER_ARROW_MS + 101), []);
  });

  it("blame the enemy whose vanished shot flew closest past the own player", () => {
    const self = { id: "me", team: 0, x: 500, y: 500 };
    const shot = (ownerId: string, x0: number, y0: number, heading: number, team = 0) => ({ ownerId, team, x0, y0, heading });
    assert.equal(likelyAttacker(self, [shot("a", 100, 510, 0), shot("b", 500, 100, Math.PI / 2 + 0.05)]), "a");
    assert.equal(likelyAttacker(self, [shot("a", 900, 500, 0)]), null, "flying away from us");
    assert.equal(likelyAttacker(self, [shot("me", 100, 500, 0)]), null, "not our own shot");
    assert.equal(likelyAttacker({ ...self, team: 1 }, [shot("mate", 100, 500, 0, 1)]), null, "not a teammate's");
  });
});

describe("results headline", () => {
  const base = { mode: "ffa", teamScores: [] as number[], winnerId: "", winnerName: "", winnerTeam: 0 };
  it("names the winner the server chose", () => {
    assert.equal(resultsHeadline({ ...base, winnerId: "me", winnerName: "Ann" }, "me", 0).text, "You won the match!");
    assert.equal(resultsHeadline({ ...base, winnerId: "x", winnerName: "Bob" }, "me", 0).text, "Bob wins");
    assert.equal(resultsHeadline(base, "me", 0).text, "It's a draw");
  });

  it("teams: the server's team, even against what the totals alone would say", () => {
    const teams = { ...base, mode: "teams", teamScores: [50, 43] };
    assert.deepEqual(resultsHeadline({ ...teams, winnerTeam: 1 }, "me", 1), { text: "Your team won!  ·  Blue 50 – 43 Orange", team: 1 });
    assert.equal(resultsHeadline({ ...teams, winnerTeam: 0 }, "me", 1).text, "It's a draw  ·  Blue 50 – 43 Orange");
  });
});
