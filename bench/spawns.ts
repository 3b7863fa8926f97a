// How fair are spawns? A full room of load bots (the real loadbots/brain.ts policy, read-only)
// plays the authoritative ArenaGame directly, without sockets, for several matches of game
// time; every spawn is followed for its first seconds. Reports the share of spawns that are
// still alive SURVIVE_SECONDS later, under the game's spawn rules and under the old ones
// (1 s of protection that firing does not end; one of the map's 24 spawn points, picked by
// distance to the nearest enemy alone).
//
//   npx tsx bench/spawns.ts [--players 32] [--arena <u>] [--minutes 10] [--seeds 3] [--latency-ms 100] [--rules both|fair|legacy]
//                           [--mode ffa|teams] [--hold-fire-behind-walls]
//
// The arena is the one a room with a seat per bot gets (arenaSizeFor), unless --arena says.
//
// The bots fire at their nearest enemy within range even through a wall, which ends their own
// spawn protection at once; --hold-fire-behind-walls drops such shots (a player would not fire
// into a wall), as a second, less pessimistic, figure.
//
// Why the game directly and not a server with socket bots: the spawn rules live in ArenaGame,
// and stepping it as fast as the CPU allows gives many minutes of play in seconds, exactly
// reproducible for a seed (bench/botMatch.ts; bots see the others --latency-ms late).
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ARENA_BASE_SIZE_U, MAX_ARENA_SIZE_U, RESPAWN_TICKS, STEP_MS, TICK_HZ, ticks } from "../shared/constants.ts";
import { MatchPhase, type GameMode } from "../shared/protocol.ts";
import type { ArenaState, PlayerState } from "../shared/schema.ts";
import { distanceSq, type Point, type Rect } from "../shared/sim/geometry.ts";
import type { Rng } from "../shared/sim/random.ts";
import { Button } from "../shared/sim/types.ts";
import { arenaSizeFor } from "../shared/sim/map.ts";
import { lineOfFireClear } from "../shared/sim/weapon.ts";
import { FAIR_SPAWNS, type SpawnRules, type SpawnThreats } from "../server/game/spawn.ts";
import type { Observation, PlayerView } from "../loadbots/brain.ts";
import { botMatch } from "./botMatch.ts";

/** The yardstick: a fresh spawn should still be alive this long after it appears. */
const SURVIVE_SECONDS = 3;
const SURVIVE_TICKS = ticks(SURVIVE_SECONDS);

/** The rules before this change, for comparison: kept here, not in the game. */
const LEGACY_SPAWNS: SpawnRules = {
  protectionTicks: ticks(1),
  protectionEndsOnFire: false,
  candidates: (map) => map.spawnPoints,
  choose: (points, threats, _obstacles, rng) => legacyChoose(points, threats, rng),
};

function legacyChoose(points: readonly Point[], threats: SpawnThreats, rng: Rng): Point {
  const enemies = threats.enemies;
  if (enemies.length === 0) return points[rng.int(0, points.length - 1)];
  const safeSq = 500 * 500; // the old SPAWN_SAFE_DISTANCE_U
  const scored = points.map((p) => ({ p, nearest: Math.min(...enemies.map((e) => distanceSq(p, e))) }));
  const safe = scored.filter((s) => s.nearest >= safeSq);
  if (safe.length > 0) return safe[rng.int(0, safe.length - 1)].p;
  scored.sort((a, b) => b.nearest - a.nearest);
  const best = scored.slice(0, Math.min(3, scored.length));
  return best[rng.int(0, best.length - 1)].p;
}

interface Options {
  players: number;
  minutes: number;
  seeds: number;
  latencyTicks: number;
  rules: ("fair" | "legacy")[];
  mode: GameMode;
  /** The arena's side. */
  arena: number;
  /** Bots drop a shot whose target (their nearest enemy) is behind a wall, as a player would not fire into it. */
  holdFireBehindWalls: boolean;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      players: { type: "string", default: "32" },
      arena: { type: "string" },
      minutes: { type: "string", default: "10" },
      seeds: { type: "string", default: "3" },
      "latency-ms": { type: "string", default: "100" },
      rules: { type: "string", default: "both" },
      mode: { type: "string", default: "ffa" },
      "hold-fire-behind-walls": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log("npx tsx bench/spawns.ts [--players 32] [--arena <u>] [--minutes 10] [--seeds 3] [--latency-ms 100] [--rules both|fair|legacy] [--mode ffa|teams] [--hold-fire-behind-walls]");
    process.exit(0);
  }
  const num = (name: string, raw: string, min: number, max: number) => {
    const v = Number(raw);
    if (!Number.isFinite(v) || v < min || v > max) throw new Error(`--${name} must be a number from ${min} to ${max}`);
    return v;
  };
  const rules: Options["rules"] | null = values.rules === "both" ? ["legacy", "fair"] : values.rules === "fair" || values.rules === "legacy" ? [values.rules] : null;
  if (!rules) throw new Error("--rules must be both, fair or legacy");
  if (values.mode !== "ffa" && values.mode !== "teams") throw new Error("--mode must be ffa or teams");
  const players = Math.round(num("players", values.players!, 2, 128));
  return {
    players,
    arena: values.arena === undefined ? arenaSizeFor(players) : Math.round(num("arena", values.arena, ARENA_BASE_SIZE_U, MAX_ARENA_SIZE_U)),
    minutes: num("minutes", values.minutes!, 0.5, 120),
    seeds: Math.round(num("seeds", values.seeds!, 1, 50)),
    latencyTicks: Math.round(num("latency-ms", values["latency-ms"]!, 0, 500) / STEP_MS),
    rules,
    mode: values.mode,
    holdFireBehindWalls: values["hold-fire-behind-walls"]!,
  };
}

/** One spawn being followed: from its first tick of play until it survived or died. */
interface Followed {
  id: string;
  from: number;
  matchStart: boolean;
  nearestEnemyU: number;
  exposedEnemies: number;
  firedAt: number | null;
}

interface Tally {
  spawns: number;
  survived: number;
  died: number;
  /** Followed spawns the match ended on before their window closed. */
  censored: number;
  matchStartSpawns: number;
  matchStartSurvived: number;
  /** Of the deaths: the player had fired (ending their protection) before dying. */
  diedAfterFiring: number;
  /** Of the deaths: within the protection time (only possible after firing). */
  diedWhileWouldBeProtected: number;
  kills: number;
  playSeconds: number;
  nearest: number[];
  exposed: number[];
}

const newTally = (): Tally => ({
  spawns: 0, survived: 0, died: 0, censored: 0, matchStartSpawns: 0, matchStartSurvived: 0,
  diedAfterFiring: 0, diedWhileWouldBeProtected: 0, kills: 0, playSeconds: 0, nearest: [], exposed: [],
});

function runOnce(seed: number, rules: SpawnRules, options: Options): Tally {
  const match = botMatch({
    players: options.players, arenaSize: options.arena, seed, mode: options.mode, latencyTicks: options.latencyTicks, spawnRules: rules,
    adjust: options.holdFireBehindWalls
      ? (_id, decision, seen) => { if (decision.buttons & Button.FIRE && !clearShotAtNearest(seen, match.game.map.obstacles)) decision.buttons &= ~Button.FIRE; }
      : undefined,
  });
  const { game, state, firing } = match;

  const tally = newTally();
  const followed = new Map<string, Followed>();
  const wasAlive = new Map<string, boolean>();
  const playTicks = Math.round(options.minutes * 60 * TICK_HZ);
  let played = 0;
  while (played < playTicks) {
    const phaseBefore = state.phase;
    const events = match.step();
    if (state.phase === MatchPhase.PLAYING) played++;
    for (const e of events) if (e.type === "kill") tally.kills++;

    // A match ending closes every open window early: those spawns are left out.
    if (state.phase === MatchPhase.RESULTS && phaseBefore !== MatchPhase.RESULTS) {
      tally.censored += followed.size;
      followed.clear();
    }
    // A new match spawns everyone afresh for its countdown, alive before and after.
    const matchStarts = state.phase === MatchPhase.COUNTDOWN && phaseBefore !== MatchPhase.COUNTDOWN;
    state.players.forEach((p, id) => {
      const before = matchStarts ? false : wasAlive.get(id) ?? false;
      wasAlive.set(id, p.alive);
      const f = followed.get(id);
      if (f && firing.has(id) && f.firedAt === null && state.tick >= f.from) f.firedAt = state.tick;
      if (!before && p.alive && (state.phase === MatchPhase.PLAYING || state.phase === MatchPhase.COUNTDOWN)) {
        const from = state.phase === MatchPhase.COUNTDOWN ? state.phaseEndsTick : state.tick;
        followed.set(id, { id, from, matchStart: state.phase === MatchPhase.COUNTDOWN, ...exposure(p, id, state, game.map.obstacles), firedAt: null });
      } else if (f && before && !p.alive) {
        record(tally, f, false, state.tick - f.from < rules.protectionTicks);
        followed.delete(id);
      } else if (f && p.alive && state.tick - f.from >= SURVIVE_TICKS) {
        record(tally, f, true, false);
        followed.delete(id);
      }
    });
  }
  tally.playSeconds = played / TICK_HZ;
  return tally;
}

/** Whether the bot's target (its nearest living enemy, as it sees them) is in a clear line of fire. */
function clearShotAtNearest(view: Observation, obstacles: readonly Rect[]): boolean {
  const self = view.players.get(view.selfId);
  if (!self) return false;
  let best: PlayerView | undefined, bestSq = Infinity;
  view.players.forEach((p, id) => {
    if (id === view.selfId || !p.alive || (self.team !== 0 && p.team === self.team)) return;
    const dSq = distanceSq(self, p);
    if (dSq < bestSq) { bestSq = dSq; best = p; }
  });
  return best !== undefined && lineOfFireClear(self, best, obstacles);
}

/** How exposed the spawn was on arrival: nearest living enemy, enemies with a line of fire within 900 u. */
function exposure(p: PlayerState, id: string, state: ArenaState, obstacles: readonly Rect[]): { nearestEnemyU: number; exposedEnemies: number } {
  let nearestSq = Infinity, exposed = 0;
  state.players.forEach((o, oid) => {
    if (oid === id || !o.alive || (p.team !== 0 && o.team === p.team)) return;
    const dSq = distanceSq(p, o);
    nearestSq = Math.min(nearestSq, dSq);
    if (dSq < 900 * 900 && lineOfFireClear(o, p, obstacles)) exposed++;
  });
  return { nearestEnemyU: Math.sqrt(nearestSq), exposedEnemies: exposed };
}

function record(tally: Tally, f: Followed, survived: boolean, withinProtectionTime: boolean): void {
  tally.spawns++;
  tally.nearest.push(f.nearestEnemyU);
  tally.exposed.push(f.exposedEnemies);
  if (f.matchStart) tally.matchStartSpawns++;
  if (survived) {
    tally.survived++;
    if (f.matchStart) tally.matchStartSurvived++;
    return;
  }
  tally.died++;
  if (f.firedAt !== null) tally.diedAfterFiring++;
  if (withinProtectionTime) tally.diedWhileWouldBeProtected++;
}

function merge(into: Tally, t: Tally): void {
  for (const key of Object.keys(into) as (keyof Tally)[]) {
    if (Array.isArray(into[key])) (into[key] as number[]).push(...(t[key] as number[]));
    else (into as unknown as Record<string, number>)[key] += t[key] as number;
  }
}

const pct = (a: number, b: number) => (b > 0 ? `${((100 * a) / b).toFixed(1)} %` : "–");
const median = (xs: number[]) => {
  const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

function main(): void {
  const options = readOptions();
  const ruleSets = { fair: FAIR_SPAWNS, legacy: LEGACY_SPAWNS };
  const seeds = Array.from({ length: options.seeds }, (_, i) => 1000 + i * 7919);
  console.log(`Spawn fairness: ${options.players} bots (loadbots/brain.ts) in one ${options.mode} room, arena ${options.arena} u, ${options.minutes} min of play per map,`
    + ` ${seeds.length} maps, bots see others ${Math.round(options.latencyTicks * STEP_MS)} ms late; respawn ${RESPAWN_TICKS / TICK_HZ} s`
    + `${options.holdFireBehindWalls ? "; bots hold fire when their target is behind a wall" : ""}.`);
  console.log(`A spawn "survives" when it is alive ${SURVIVE_SECONDS} s after its first tick of play; spawns a match ended on first are left out.\n`);
  const report: Record<string, unknown> = { options, seeds, surviveSeconds: SURVIVE_SECONDS };
  for (const name of options.rules) {
    const rules = ruleSets[name];
    const total = newTally();
    const started = performance.now();
    for (const seed of seeds) merge(total, runOnce(seed, rules, options));
    const share = total.survived / Math.max(1, total.spawns);
    console.log(`${name === "fair" ? "NOW   " : "BEFORE"} (${name}: protection ${rules.protectionTicks / TICK_HZ} s${rules.protectionEndsOnFire ? ", ends on the first shot" : ""})`);
    console.log(`  survive ${SURVIVE_SECONDS} s: ${pct(total.survived, total.spawns)}  (${total.survived} of ${total.spawns} spawns; ${total.censored} cut short by a match end)`);
    console.log(`  match-start spawns: ${pct(total.matchStartSurvived, total.matchStartSpawns)} of ${total.matchStartSpawns}; respawns: ${pct(total.survived - total.matchStartSurvived, total.spawns - total.matchStartSpawns)} of ${total.spawns - total.matchStartSpawns}`);
    console.log(`  deaths within ${SURVIVE_SECONDS} s: ${total.died}, of which ${total.diedAfterFiring} after the player had fired, ${total.diedWhileWouldBeProtected} inside the protection time`);
    console.log(`  on arrival: nearest enemy median ${Math.round(median(total.nearest))} u; enemies with a line of fire within 900 u: median ${median(total.exposed)}, none in ${pct(total.exposed.filter((e) => e === 0).length, total.exposed.length)}; nearest beyond 650 u in ${pct(total.nearest.filter((d) => d > 650).length, total.nearest.length)}`);
    console.log(`  kills per minute of play: ${(total.kills / (total.playSeconds / 60)).toFixed(1)}  (${(performance.now() - started) / 1000 | 0} s to run)\n`);
    report[name] = {
      surviveShare: share, spawns: total.spawns, survived: total.survived, died: total.died, censored: total.censored,
      matchStartSpawns: total.matchStartSpawns, matchStartSurvived: total.matchStartSurvived,
      diedAfterFiring: total.diedAfterFiring, diedInsideProtectionTime: total.diedWhileWouldBeProtected,
      killsPerMinute: total.kills / (total.playSeconds / 60), medianNearestEnemyU: median(total.nearest),
      protectionSeconds: rules.protectionTicks / TICK_HZ, protectionEndsOnFire: rules.protectionEndsOnFire,
    };
  }
  mkdirSync("bench-output", { recursive: true });
  writeFileSync("bench-output/spawns.json", JSON.stringify(report, null, 2) + "\n");
  console.log("Written to bench-output/spawns.json");
}

main();
