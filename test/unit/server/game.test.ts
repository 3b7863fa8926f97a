import assert from "node:assert/strict";
import {
  MUZZLE_OFFSET_U, PLAYER_SPEED, SHOT_RANGE_U, TICK_HZ,
  COUNTDOWN_TICKS, FIRE_COOLDOWN_TICKS, KILLS_TO_WIN, MATCH_TICKS, PLAYER_MAX_HP, PROJECTILE_DAMAGE, PROJECTILE_LIFE_TICKS,
  RESPAWN_TICKS, RESULTS_TICKS, SPAWN_PROTECTION_TICKS, WAITING_GRACE_TICKS, WAITING_MAX_TICKS,
} from "../../../shared/constants.ts";
import { encodeViewTick, MatchPhase } from "../../../shared/protocol.ts";
import { ArenaState } from "../../../shared/schema.ts";
import { Button } from "../../../shared/sim/types.ts";
import { ArenaGame } from "../../../server/game/ArenaGame.ts";
import { idle, playingGame, ScriptedInputs } from "../../helpers/world.ts";

/** Puts two players face to face in open ground (no obstacle between them) and returns the aim from a to b. */
function faceOff(game: ArenaGame, a: string, b: string, gap = 200): number {
  const state = game.state;
  const spot = game.map.spawnPoints.find((s) =>
    game.map.obstacles.every((o) => o.x > s.x + gap + 60 || o.x + o.w < s.x - 60 || o.y > s.y + 60 || o.y + o.h < s.y - 60)
    && s.x + gap < 2350)!;
  assert.ok(spot, "map has an open lane");
  Object.assign(state.players.get(a)!, { x: spot.x, y: spot.y, protectedUntil: 0 });
  Object.assign(state.players.get(b)!, { x: spot.x + gap, y: spot.y, protectedUntil: 0 });
  return 0;
}

/** In an open field, b stands in a's line of fire (aim 0) and c behind b on the same line; their positions are on record. */
function threeInALine() {
  const world = playingGame(["a", "b", "c"]);
  world.game.map.obstacles.length = 0;
  const [a, b, c] = ["a", "b", "c"].map((id) => world.state.players.get(id)!);
  Object.assign(a, { x: 600, y: 1200 });
  Object.assign(b, { x: 800, y: 1200, protectedUntil: 0 });
  Object.assign(c, { x: 1000, y: 1200, protectedUntil: 0 });
  stepN(world.game, world.inputs, 6);
  return { ...world, b, c };
}

function stepN(game: ArenaGame, inputs: ScriptedInputs, n: number) {
  const events = [];
  for (let i = 0; i < n; i++) events.push(...game.step(inputs));
  return events;
}

describe("ArenaGame: combat", () => {
  it("a projectile flies, hits an enemy once and deals PROJECTILE_DAMAGE", () => {
    const { game, inputs, state } = playingGame(["a", "b"]);
    const aim = faceOff(game, "a", "b");
    inputs.push("a", idle({ aim, buttons: Button.FIRE }));
    stepN(game, inputs, 1);
    assert.equal(game.shotsInFlight, 1);
    stepN(game, inputs, 12); // 200 units at 700 u/s ≈ 8.6 steps
    assert.equal(state.players.get("b")!.hp, PLAYER_MAX_HP - PROJECTILE_DAMAGE);
    assert.equal(game.shotsInFlight, 0, "the projectile is spent on the hit");
  });

  it("projectiles expire after their life and never hit their owner", () => {
    const { game, inputs, state } = playingGame(["a", "b"]);
    faceOff(game, "a", "b");
    inputs.push("a", idle({ aim: Math.PI, buttons: Button.FIRE })); // away from b
    stepN(game, inputs, 1);
    stepN(game, inputs, PROJECTILE_LIFE_TICKS + 1);
    assert.equal(game.shotsInFlight, 0);
    assert.equal(state.players.get("a")!.hp, PLAYER_MAX_HP);
    assert.equal(state.players.get("b")!.hp, PLAYER_MAX_HP);
  });

  it("tests hits up to the shot's range and no further, as clients draw it", () => {
    for (const [distance, hits] of [[SHOT_RANGE_U + MUZZLE_OFFSET_U + 22, true], [SHOT_RANGE_U + MUZZLE_OFFSET_U + 28, false]] as const) {
      const { game, inputs, state } = playingGame(["a", "b"]);
      game.map.obstacles.length = 0; // an open field
      Object.assign(state.players.get("a")!, { x: 300, y: 1200 });
      Object.assign(state.players.get("b")!, { x: 300 + distance, y: 1200, protectedUntil: 0 });
      inputs.push("a", idle({ aim: 0, buttons: Button.FIRE }));
      stepN(game, inputs, PROJECTILE_LIFE_TICKS + 3);
      assert.equal(state.players.get("b")!.hp < PLAYER_MAX_HP, hits, `target ${distance} u away`);
      assert.equal(game.shotsInFlight, 0);
    }
  });

  it("judges a shot against where its shooter saw the target, not where the target is now", () => {
    const STEP_U = PLAYER_SPEED / TICK_HZ;
    const outcomes = [];
    for (const claimsView of [true, false]) {
      const { game, inputs, state } = playingGame(["a", "b"]);
      game.map.obstacles.length = 0;
      const a = state.players.get("a")!, b = state.players.get("b")!;
      const fireTick = state.tick + 1;
      // b walks down across the line of fire. Shooting straight right, the shot is level with
      // b in its flight steps 6–7; 5 ticks earlier b was on the line, now it is 35 u past it.
      Object.assign(a, { x: 600, y: 1200 });
      Object.assign(b, { x: 800, y: 1200 - 3.5 * STEP_U, protectedUntil: 0 });
      const view = claimsView ? encodeViewTick(fireTick - 5) : 0;
      inputs.push("a", idle({ aim: 0, buttons: Button.FIRE, view }));
      inputs.push("b", ...Array(20).fill(idle({ my: 1 })));
      stepN(game, inputs, 15);
      outcomes.push(b.hp < PLAYER_MAX_HP);
    }
    assert.deepEqual(outcomes, [true, false], "hit with the shooter's view, missed without it");
  });

  it("a compensated shot stops on a target its shooter saw alive, even if it has died since, and harms nobody", () => {
    const { game, inputs, state, b, c } = threeInALine();
    const fireTick = state.tick + 1;
    inputs.push("a", idle({ aim: 0, buttons: Button.FIRE, view: encodeViewTick(fireTick - 5) }));
    const events = stepN(game, inputs, 3);
    // Someone else kills b while a's shot is on its way: on a's screen, 5 ticks behind, b is still alive.
    Object.assign(b, { alive: false, hp: 0, respawnTick: state.tick + RESPAWN_TICKS });
    events.push(...stepN(game, inputs, 15));
    const hits = events.filter((e) => e.type === "hit");
    assert.deepEqual(hits.map((e) => [e.victim, e.damage]), [["b", 0]], "the shot lands on b, doing nothing");
    assert.equal(c.hp, PLAYER_MAX_HP, "it did not fly on through b's body");
    assert.equal(game.shotsInFlight, 0);
  });

  it("an uncompensated shot passes through where a dead player fell", () => {
    const { game, inputs, state, b } = threeInALine();
    Object.assign(b, { alive: false, hp: 0, respawnTick: state.tick + RESPAWN_TICKS });
    inputs.push("a", idle({ aim: 0, buttons: Button.FIRE }));
    const hits = stepN(game, inputs, 25).filter((e) => e.type === "hit");
    assert.deepEqual(hits.map((e) => [e.victim, e.damage]), [["c", PROJECTILE_DAMAGE]]);
  });

  it("respects the fire cooldown", () => {
    const { game, inputs, state } = playingGame(["a", "b"]);
    faceOff(game, "a", "b");
    const a = state.players.get("a")!;
    let fired = 0;
    for (let i = 0; i < FIRE_COOLDOWN_TICKS * 3; i++) {
      inputs.push("a", idle({ aim: Math.PI, buttons: Button.FIRE }));
      game.step(inputs);
      if (a.fireCooldown === FIRE_COOLDOWN_TICKS) fired++; // just fired
    }
    assert.equal(fired, 3);
  });

  it("five hits kill: kill credited, death counted, respawn after RESPAWN_TICKS at full health", () => {
    const { game, inputs, state } = playingGame(["a", "b"]);
    faceOff(game, "a", "b");
    const victim = state.players.get("b")!;
    const killer = state.players.get("a")!;
    const events = [];
    for (let shot = 0; shot < 5; shot++) {
      // Like a real client: one frame every tick (weapon timers advance per input).
      inputs.push("a", idle({ aim: 0, buttons: Button.FIRE }), ...Array(FIRE_COOLDOWN_TICKS + 11).fill(idle()));
      events.push(...stepN(game, inputs, FIRE_COOLDOWN_TICKS + 12));
      victim.x = killer.x + 200; // stay in the line of fire
    }
    const hits = events.filter((e) => e.type === "hit");
    assert.deepEqual(hits.map((h) => h.type === "hit" && h.damage), [20, 20, 20, 20, 20], "each hit is told, with its damage");
    assert.deepEqual(events.filter((e) => e.type === "kill"), [{ type: "kill", killer: "a", victim: "b" }]);
    assert.equal(victim.alive, false);
    assert.equal(victim.deaths, 1);
    assert.equal(killer.kills, 1);
    assert.equal(killer.score, 1);
    const diedAt = victim.respawnTick - RESPAWN_TICKS;
    stepN(game, inputs, victim.respawnTick - state.tick - 1);
    assert.equal(victim.alive, false);
    stepN(game, inputs, 1);
    assert.equal(victim.alive, true);
    assert.equal(victim.hp, PLAYER_MAX_HP);
    assert.equal(state.tick - diedAt, RESPAWN_TICKS);
    assert.equal(victim.protectedUntil, state.tick + SPAWN_PROTECTION_TICKS);
  });

  it("spawn protection and shields absorb damage", () => {
    const { game, inputs, state } = playingGame(["a", "b"]);
    faceOff(game, "a", "b");
    const b = state.players.get("b")!;
    b.protectedUntil = state.tick + 100;
    inputs.push("a", idle({ aim: 0, buttons: Button.FIRE }));
    stepN(game, inputs, 12);
    assert.equal(b.hp, PLAYER_MAX_HP);
    b.protectedUntil = 0;
    b.shield = 30;
    inputs.push("a", ...Array(FIRE_COOLDOWN_TICKS).fill(idle()), idle({ aim: 0, buttons: Button.FIRE }));
    stepN(game, inputs, FIRE_COOLDOWN_TICKS + 12);
    assert.deepEqual([b.hp, b.shield], [PLAYER_MAX_HP, 30 - PROJECTILE_DAMAGE]);
  });

  it("teams mode: balanced teams and no friendly fire", () => {
    const { game, inputs, state } = playingGame(["a", "b", "c"], 42, "teams");
    assert.deepEqual(["a", "b", "c"].map((id) => state.players.get(id)!.team), [1, 2, 1]);
    faceOff(game, "a", "c");
    inputs.push("a", idle({ aim: 0, buttons: Button.FIRE }));
    stepN(game, inputs, 12);
    assert.equal(state.players.get("c")!.hp, PLAYER_MAX_HP);
  });
});

describe("ArenaGame: slots", () => {
  it("a leaver's slot waits until its last shots have flown before a newcomer gets it", () => {
    const { game, inputs, state } = playingGame(["a", "b", "c"]);
    const slotOfB = state.players.get("b")!.slot;
    game.removePlayer("b");
    game.addPlayer("d", "d");
    assert.notEqual(state.players.get("d")!.slot, slotOfB, "a shot of b's still in the air must not be drawn as d's");
    for (let i = 0; i < PROJECTILE_LIFE_TICKS + TICK_HZ * 2; i++) game.step(inputs);
    game.addPlayer("e", "e");
    assert.equal(state.players.get("e")!.slot, slotOfB, "then the lowest free slot again");
  });
});

describe("ArenaGame: inputs", () => {
  it("applies one input per step, each a whole fixed step of movement, and acks it", () => {
    const { game, inputs, state } = playingGame(["a"]);
    const p = state.players.get("a")!;
    const x0 = p.x;
    inputs.push("a", ...Array(5).fill(idle({ mx: 1 })));
    stepN(game, inputs, 3);
    assert.equal(inputs.consumed("a"), 3, "one input per step");
    stepN(game, inputs, 5);
    assert.equal(inputs.consumed("a"), 5, "no more than were sent");
    assert.ok(p.x > x0);
  });

  it("ignores inputs of dead players and during the countdown, but acks them", () => {
    const { game, inputs, state } = playingGame(["a", "b"]);
    const a = state.players.get("a")!;
    a.alive = false; a.respawnTick = state.tick + 1000;
    const x = a.x;
    inputs.push("a", idle({ mx: 1 }), idle({ mx: 1 }));
    stepN(game, inputs, 2);
    assert.equal(a.x, x);
    assert.equal(inputs.consumed("a"), 2);
  });
});

describe("ArenaGame: pickups", () => {
  it("health heals, is not wasted at full health, and returns later", () => {
    const { game, inputs, state } = playingGame(["a"]);
    const a = state.players.get("a")!;
    const index = state.pickups.findIndex((p) => p.kind === 0);
    const pickup = state.pickups[index];
    Object.assign(a, { x: pickup.x, y: pickup.y });
    stepN(game, inputs, 1);
    assert.equal(pickup.active, true, "full health: left in place");
    a.hp = 30;
    stepN(game, inputs, 1);
    assert.equal(a.hp, 70);
    assert.equal(pickup.active, false);
    a.x = 10; a.y = 10;
    stepN(game, inputs, 15 * 30);
    assert.equal(pickup.active, true);
  });

  it("rapid fire shortens the cooldown and shield adds points", () => {
    const { game, inputs, state } = playingGame(["a"]);
    const a = state.players.get("a")!;
    for (const kind of [1, 2]) {
      const pickup = state.pickups.find((p) => p.kind === kind)!;
      Object.assign(a, { x: pickup.x, y: pickup.y });
      stepN(game, inputs, 1);
      assert.equal(pickup.active, false);
    }
    assert.ok(a.rapidFireTicks > 0);
    assert.equal(a.shield, 50);
  });
});

describe("ArenaGame: match phases", () => {
  it("waits for a second player, counts down, plays, shows results, then starts the next match", () => {
    const game = new ArenaGame(new ArenaState(), { seed: 1, mode: "ffa" });
    const inputs = new ScriptedInputs();
    const { state } = game;
    game.addPlayer("a", "a");
    stepN(game, inputs, 100);
    assert.equal(state.phase, MatchPhase.WAITING, "one player waits for company");
    game.addPlayer("b", "b");
    stepN(game, inputs, WAITING_GRACE_TICKS + 1);
    assert.equal(state.phase, MatchPhase.COUNTDOWN);
    assert.equal(state.matchNumber, 1);
    stepN(game, inputs, COUNTDOWN_TICKS);
    assert.equal(state.phase, MatchPhase.PLAYING);
    assert.equal(state.phaseEndsTick, state.tick + MATCH_TICKS);
    stepN(game, inputs, MATCH_TICKS);
    assert.equal(state.phase, MatchPhase.RESULTS);
    stepN(game, inputs, RESULTS_TICKS);
    assert.equal(state.phase, MatchPhase.WAITING);
    stepN(game, inputs, WAITING_GRACE_TICKS + 1);
    assert.equal(state.phase, MatchPhase.COUNTDOWN);
    assert.equal(state.matchNumber, 2);
  });

  it("a lone player starts after WAITING_MAX_TICKS", () => {
    const game = new ArenaGame(new ArenaState(), { seed: 1, mode: "ffa" });
    game.addPlayer("a", "a");
    stepN(game, new ScriptedInputs(), WAITING_MAX_TICKS + 1);
    assert.equal(game.state.phase, MatchPhase.COUNTDOWN);
  });

  it("ends the match at KILLS_TO_WIN and resets scores for the next one", () => {
    const { game, inputs, state } = playingGame(["a", "b"]);
    state.players.get("a")!.kills = KILLS_TO_WIN;
    game.step(inputs);
    assert.equal(state.phase, MatchPhase.RESULTS);
    stepN(game, inputs, RESULTS_TICKS + WAITING_GRACE_TICKS + 2);
    assert.equal(state.phase, MatchPhase.COUNTDOWN);
    assert.equal(state.players.get("a")!.kills, 0);
  });

  it("gives duplicate names a number", () => {
    const game = new ArenaGame(new ArenaState(), { seed: 1, mode: "ffa" });
    assert.equal(game.addPlayer("1", "Ann").name, "Ann");
    assert.equal(game.addPlayer("2", "ann").name, "ann 2");
    assert.equal(game.addPlayer("3", "Ann").name, "Ann 3");
  });

  it("is deterministic for a seed and an input script", () => {
    const run = () => {
      const { game, inputs, state } = playingGame(["a", "b", "c"], 77);
      for (let i = 0; i < 600; i++) {
        for (const id of ["a", "b", "c"]) inputs.push(id, idle({ mx: Math.sign(Math.sin(i / 9 + id.charCodeAt(0))), my: Math.sign(Math.cos(i / 13)), aim: i / 7, buttons: i % 3 === 0 ? Button.FIRE : 0 }));
        game.step(inputs);
      }
      return JSON.stringify(state.toJSON());
    };
    assert.equal(run(), run());
  });
});

describe("ArenaGame: spawn protection", () => {
  it("ends on the protected player's first shot", () => {
    const { game, inputs, state } = playingGame(["a", "b"]);
    const a = state.players.get("a")!;
    a.protectedUntil = state.tick + SPAWN_PROTECTION_TICKS;
    inputs.push("a", idle({ mx: 1 }));
    stepN(game, inputs, 1);
    assert.ok(a.protectedUntil > state.tick, "moving keeps it");
    inputs.push("a", idle({ aim: 1, buttons: Button.FIRE }));
    stepN(game, inputs, 1);
    assert.equal(a.protectedUntil, state.tick, "firing ends it at once");
  });

  it("counts from the first tick of play for the spawns of a new match", () => {
    const game = new ArenaGame(new ArenaState(), { seed: 1, mode: "ffa" });
    const inputs = new ScriptedInputs();
    game.addPlayer("a", "a");
    game.addPlayer("b", "b");
    while (game.state.phase !== MatchPhase.COUNTDOWN) game.step(inputs);
    const playFrom = game.state.phaseEndsTick;
    for (const id of ["a", "b"]) assert.equal(game.state.players.get(id)!.protectedUntil, playFrom + SPAWN_PROTECTION_TICKS);
  });
});

describe("ArenaGame: the winner", () => {
  const endMatch = (game: ArenaGame, inputs: ScriptedInputs) => {
    game.state.phaseEndsTick = game.state.tick + 1;
    stepN(game, inputs, 1);
    assert.equal(game.state.phase, MatchPhase.RESULTS);
  };

  it("free-for-all: the top of the scoreboard, named in the state for the results, cleared for the next match", () => {
    const { game, inputs, state } = playingGame(["a", "b", "c"]);
    Object.assign(state.players.get("a")!, { score: 4, kills: 4, deaths: 2 });
    Object.assign(state.players.get("b")!, { score: 4, kills: 4, deaths: 1 });
    Object.assign(state.players.get("c")!, { score: 1, kills: 1, deaths: 0 });
    endMatch(game, inputs);
    assert.deepEqual([state.winnerId, state.winnerName, state.winnerTeam], ["b", "b", 0]);
    game.removePlayer("b");
    assert.equal(state.winnerName, "b", "kept when the winner leaves during the results");
    stepN(game, inputs, RESULTS_TICKS);
    assert.equal(state.phase, MatchPhase.WAITING);
    assert.deepEqual([state.winnerId, state.winnerName, state.winnerTeam], ["", "", 0]);
  });

  it("free-for-all: nobody when the first two are tied on score, kills and deaths", () => {
    const { game, inputs, state } = playingGame(["a", "b"]);
    for (const id of ["a", "b"]) Object.assign(state.players.get(id)!, { score: 3, kills: 3, deaths: 1 });
    endMatch(game, inputs);
    assert.deepEqual([state.winnerId, state.winnerName], ["", ""]);
  });

  it("teams: the team ahead, or a draw", () => {
    const { game, inputs, state } = playingGame(["a", "b", "c"], 42, "teams");
    state.teamScores[0] = 7;
    state.teamScores[1] = 9;
    endMatch(game, inputs);
    assert.deepEqual([state.winnerId, state.winnerTeam], ["", 2]);

    const draw = playingGame(["a", "b"], 42, "teams");
    draw.state.teamScores[0] = draw.state.teamScores[1] = 5;
    endMatch(draw.game, draw.inputs);
    assert.equal(draw.state.winnerTeam, 0);
  });
});
