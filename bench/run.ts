// Benchmarks of the authoritative game, without sockets: CPU per tick and bytes per patch
// for rooms of several sizes. Prints a table and writes bench-output/bench.json.
//   npm run bench [-- --ticks 3000]
import os from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import { Encoder } from "@colyseus/schema";
import { PATCH_HZ, TICK_HZ } from "../shared/constants.ts";
import { ArenaState } from "../shared/schema.ts";
import { createRng } from "../shared/sim/random.ts";
import { Button, type InputLike } from "../shared/sim/types.ts";
import { ArenaGame, type InputSource } from "../server/game/ArenaGame.ts";
import { MatchPhase } from "../shared/protocol.ts";

const ticksArg = process.argv.indexOf("--ticks");
const TICKS = ticksArg > 0 ? Number(process.argv[ticksArg + 1]) : 3000;
if (!Number.isInteger(TICKS) || TICKS < 100 || TICKS > 100_000) {
  console.error("--ticks must be a whole number from 100 to 100000");
  process.exit(2);
}

/** Seeded players that wander, turn and fire like busy humans: one input per tick each. */
function busyInputs(ids: string[], seed: number): InputSource & { newTick(): void } {
  const rng = createRng(seed);
  const frames = new Map<string, InputLike>(ids.map((id) => [id, { mx: 1, my: 0, aim: 0, buttons: 0 }]));
  const consumed = new Map<string, number>();
  const given = new Set<string>();
  return {
    due: (id) => (given.has(id) ? 0 : 1),
    next(id) {
      if (given.has(id)) return undefined;
      given.add(id);
      const f = frames.get(id)!;
      if (rng.next() < 0.05) { f.mx = rng.int(-1, 1); f.my = rng.int(-1, 1); }
      f.aim += rng.range(-0.3, 0.3);
      f.buttons = (rng.next() < 0.5 ? Button.FIRE : 0) | (rng.next() < 0.01 ? Button.DASH : 0);
      consumed.set(id, (consumed.get(id) ?? 0) + 1);
      return f;
    },
    consumed: (id) => consumed.get(id) ?? 0,
    /** Everyone may send again. */
    newTick: () => given.clear(),
  };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

function benchRoom(players: number) {
  const state = new ArenaState();
  const game = new ArenaGame(state, { seed: 12345, mode: "ffa" });
  const ids = Array.from({ length: players }, (_, i) => `p${i}`);
  for (const id of ids) game.addPlayer(id, id);
  const inputs = busyInputs(ids, 99);
  const encoder = new Encoder(state);
  const fullStateBytes = encoder.encodeAll().byteLength;
  encoder.discardChanges();
  while (state.phase !== MatchPhase.PLAYING) { inputs.newTick(); game.step(inputs); }
  encoder.encode(); encoder.discardChanges();

  const tickMs: number[] = [];
  let patchBytes = 0, patches = 0;
  const ticksPerPatch = TICK_HZ / PATCH_HZ;
  let sincePatch = 0;
  for (let i = 0; i < TICKS; i++) {
    inputs.newTick();
    const t0 = performance.now();
    game.step(inputs);
    tickMs.push(performance.now() - t0);
    if (++sincePatch >= ticksPerPatch) {
      sincePatch -= ticksPerPatch;
      patchBytes += encoder.encode().byteLength;
      encoder.discardChanges();
      patches++;
    }
  }
  const tickMsMean = tickMs.reduce((sum, ms) => sum + ms, 0) / tickMs.length;
  tickMs.sort((a, b) => a - b);
  const bytesPerPatch = patchBytes / patches;
  return {
    players,
    tickMsP50: +quantile(tickMs, 0.5).toFixed(4),
    /** Average, GC pauses included: what a room costs a core over time. */
    tickMsMean: +tickMsMean.toFixed(4),
    tickMsP99: +quantile(tickMs, 0.99).toFixed(4),
    tickMsMax: +tickMs[tickMs.length - 1].toFixed(4),
    fullStateBytes,
    bytesPerPatch: Math.round(bytesPerPatch),
    /** What every client receives for the shared part of the state (owner-only fields add a few bytes). */
    kilobytesPerClientPerSecond: +((bytesPerPatch * PATCH_HZ) / 1024).toFixed(2),
    /** Share of one core the simulation of such a room takes at TICK_HZ. */
    coreShareAtTickRate: +((quantile(tickMs, 0.5) * TICK_HZ) / 1000).toFixed(5),
  };
}

const machine = {
  cpu: os.cpus()[0]?.model ?? "unknown",
  cores: os.cpus().length,
  memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
};
console.log(`Skirmish game benchmark: ${TICKS} ticks per room at ${TICK_HZ} Hz, patches at ${PATCH_HZ} Hz, busy seeded players (move, turn, fire 50% of ticks)`);
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}\n`);
const rows = [2, 8, 16, 32, 64, 128].map(benchRoom);
console.table(rows);
mkdirSync("bench-output", { recursive: true });
writeFileSync("bench-output/bench.json", JSON.stringify({ date: new Date().toISOString(), machine, ticks: TICKS, rows }, null, 2));
console.log("written bench-output/bench.json");
