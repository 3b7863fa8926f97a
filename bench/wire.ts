// What the wire costs a client, three ways, on the same simulated match: load-bot brains play
// the authoritative game (bench/botMatch.ts) and at every patch tick the world is encoded as
//   (a) naive JSON of the whole world (what a hand-rolled JSON server would send),
//   (b) the same Colyseus schema with plain `number` fields and no views (every field of every
//       entity to every client), and
//   (c) ours, as the room sends it: quantized fields, and each client's own StateView.
// Bytes are payloads (the WebSocket frame adds 2–4 bytes to each message, alike for all three).
// Also the server's cost per room: tick time, and tick plus patch encoding for every client.
//   npx tsx bench/wire.ts [--players 32,64,128] [--seconds 30] [--seed 7]
// Prints a table and writes bench-output/wire.json. Numbers are measured, never asserted.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { Encoder, schema, StateView, t, type Schema } from "@colyseus/schema";
import { PATCH_HZ, TICK_HZ } from "../shared/constants.ts";
import { isPatchTick, MatchPhase } from "../shared/protocol.ts";
import { ArenaState, OWNER_VIEW, PickupState, PlayerState, ProjectileState } from "../shared/schema.ts";
import { botMatch } from "./botMatch.ts";

const { values } = parseArgs({
  options: {
    players: { type: "string", default: "32,64,128" },
    seconds: { type: "string", default: "30" },
    seed: { type: "string", default: "7" },
  },
});
const ROOM_SIZES = String(values.players).split(",").map(Number);
const SECONDS = Number(values.seconds);
const SEED = Number(values.seed);
if (ROOM_SIZES.some((n) => !Number.isInteger(n) || n < 2 || n > 128) || !(SECONDS >= 5 && SECONDS <= 600) || !Number.isInteger(SEED)) {
  console.error("usage: --players 2..128[,…] --seconds 5..600 --seed <integer>");
  process.exit(2);
}
/** Bots see others this late, as through a real connection (round trip plus interpolation). */
const LATENCY_TICKS = 3;

// (b): our schema's fields, every number a plain `number` (float64 on the wire) and no view tags.
type Plain = Record<string, unknown>;
function plainSchemaLike(example: Schema, name: string, children: Record<string, unknown> = {}) {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(example.toJSON() as Plain)) {
    if (key in children) fields[key] = children[key];
    else fields[key] = typeof value === "string" ? t.string() : typeof value === "boolean" ? t.boolean() : t.number();
  }
  return schema(fields as never, name);
}
const PlainPlayer = plainSchemaLike(new PlayerState(), "PlainPlayer");
const PlainProjectile = plainSchemaLike(new ProjectileState(), "PlainProjectile");
const PlainPickup = plainSchemaLike(new PickupState(), "PlainPickup");
const PlainArena = plainSchemaLike(new ArenaState(), "PlainArena", {
  teamScores: t.array("number"), players: t.map(PlainPlayer), projectiles: t.map(PlainProjectile), pickups: t.array(PlainPickup),
});

/** Copies the changed primitive fields of `from` onto `to` (a schema only marks real changes, but this keeps it cheap). */
function copyFields(from: Plain, to: Plain, keys: readonly string[]): void {
  for (const key of keys) if (to[key] !== from[key]) to[key] = from[key];
}

/** Keeps a plain-number twin of the state in step with it. */
class PlainTwin {
  readonly state = new PlainArena() as unknown as Plain & { players: Map<string, Plain>; projectiles: Map<string, Plain>; pickups: Plain[]; teamScores: number[] };
  private readonly topKeys = Object.keys(new ArenaState().toJSON()).filter((k) => !["teamScores", "players", "projectiles", "pickups"].includes(k));
  private readonly playerKeys = Object.keys(new PlayerState().toJSON());
  private readonly projectileKeys = Object.keys(new ProjectileState().toJSON());
  private readonly pickupKeys = Object.keys(new PickupState().toJSON());

  sync(real: ArenaState): void {
    const twin = this.state;
    copyFields(real as unknown as Plain, twin, this.topKeys);
    real.teamScores.forEach((score, i) => { if (twin.teamScores[i] !== score) twin.teamScores[i] = score; });
    this.syncMap(real.players as unknown as Map<string, Plain>, twin.players, PlainPlayer, this.playerKeys);
    this.syncMap(real.projectiles as unknown as Map<string, Plain>, twin.projectiles, PlainProjectile, this.projectileKeys);
    real.pickups.forEach((pickup, i) => {
      if (!twin.pickups[i]) twin.pickups.push(new PlainPickup() as unknown as Plain);
      copyFields(pickup as unknown as Plain, twin.pickups[i], this.pickupKeys);
    });
  }

  private syncMap(real: Map<string, Plain>, twin: Map<string, Plain>, Type: new () => unknown, keys: readonly string[]): void {
    for (const id of [...twin.keys()]) if (!real.has(id)) twin.delete(id);
    real.forEach((entity, id) => {
      let copy = twin.get(id);
      if (!copy) {
        copy = new Type() as Plain;
        copyFields(entity, copy, keys);
        twin.set(id, copy);
      } else copyFields(entity, copy, keys);
    });
  }
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const round = (v: number, digits = 3) => +v.toFixed(digits);

function measureRoom(players: number) {
  const match = botMatch({ players, seed: SEED, mode: "ffa", latencyTicks: LATENCY_TICKS });
  const { state } = match;
  // (c) as the room does it (ArenaRoom.onJoin): each client's view holds its own player's owner fields.
  const views = new Map<string, StateView>();
  for (const id of match.ids) {
    const view = new StateView();
    view.add(state.players.get(id)!, OWNER_VIEW);
    views.set(id, view);
  }
  const ours = new Encoder(state);
  const twin = new PlainTwin();
  twin.sync(state);
  const plain = new Encoder(twin.state as unknown as Schema);

  while (state.phase !== MatchPhase.PLAYING) match.step();
  // Start from a client that has the full state: only patches are counted.
  const offset = () => ({ offset: 1 });
  ours.encode(offset()); for (const view of views.values()) ours.encodeView(view, 1, offset()); ours.discardChanges();
  twin.sync(state); plain.encode(offset()); plain.discardChanges();

  const bytes = { json: 0, plain: 0, ours: 0, oursMin: Infinity, oursMax: 0 };
  const tickMs: number[] = [];
  const tickAndEncodeMs: number[] = [];
  let patches = 0, projectilesSeen = 0, ticks = 0;
  const playTicks = SECONDS * TICK_HZ;
  while (ticks < playTicks) {
    const t0 = performance.now();
    match.step();
    const stepped = performance.now() - t0;
    tickMs.push(stepped);
    if (state.phase !== MatchPhase.PLAYING) continue; // results and warm-up are not the busy match
    ticks++;
    if (!isPatchTick(state.tick, PATCH_HZ)) { tickAndEncodeMs.push(stepped); continue; }
    patches++;
    projectilesSeen += state.projectiles.size;
    // (c): the shared patch once, then each client's view on top of it, as SchemaSerializer does.
    const e0 = performance.now();
    const it = offset();
    ours.encode(it);
    const sharedOffset = it.offset;
    let sum = 0;
    for (const view of views.values()) {
      const frame = ours.encodeView(view, sharedOffset, it).byteLength;
      sum += frame;
      bytes.oursMin = Math.min(bytes.oursMin, frame);
      bytes.oursMax = Math.max(bytes.oursMax, frame);
    }
    ours.discardChanges();
    tickAndEncodeMs.push(stepped + performance.now() - e0);
    bytes.ours += sum / views.size;
    // (b) and (a) are broadcast: every client receives the same bytes.
    twin.sync(state);
    bytes.plain += plain.encode(offset()).byteLength;
    plain.discardChanges();
    bytes.json += Buffer.byteLength(JSON.stringify(state.toJSON()));
  }
  const seconds = ticks / TICK_HZ;
  const perSecond = (total: number) => Math.round(total / seconds);
  return {
    players,
    playSeconds: round(seconds, 1),
    patches,
    projectilesPerPatch: round(projectilesSeen / Math.max(1, patches), 1),
    bytesPerClientPerSecond: { json: perSecond(bytes.json), plainSchema: perSecond(bytes.plain), ours: perSecond(bytes.ours) },
    oursPatchBytes: { min: bytes.oursMin, max: bytes.oursMax },
    oursBelow: { json: round(bytes.json / bytes.ours, 1), plainSchema: round(bytes.plain / bytes.ours, 1) },
    tickMs: { p50: round(quantile(tickMs, 0.5), 4), p99: round(quantile(tickMs, 0.99), 4) },
    tickAndPatchEncodeMs: { p50: round(quantile(tickAndEncodeMs, 0.5), 4), p99: round(quantile(tickAndEncodeMs, 0.99), 4) },
  };
}

const machine = { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` };
console.log(`Skirmish wire benchmark: free-for-all rooms of ${ROOM_SIZES.join(", ")} load-bot brains, ${SECONDS} s of play each, patches at ${PATCH_HZ} Hz`);
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}\n`);
const rows = ROOM_SIZES.map(measureRoom);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB/s`;
const table = [
  ["players", "(a) JSON", "(b) plain schema", "(c) ours", "(c) vs (a)", "(c) vs (b)", "projectiles/patch", "tick p50/p99 ms", "tick+encode p50/p99 ms"],
  ...rows.map((r) => [
    String(r.players), kb(r.bytesPerClientPerSecond.json), kb(r.bytesPerClientPerSecond.plainSchema), kb(r.bytesPerClientPerSecond.ours),
    `${r.oursBelow.json}× less`, `${r.oursBelow.plainSchema}× less`, String(r.projectilesPerPatch),
    `${r.tickMs.p50} / ${r.tickMs.p99}`, `${r.tickAndPatchEncodeMs.p50} / ${r.tickAndPatchEncodeMs.p99}`,
  ]),
];
const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
for (const row of table) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join("  "));
mkdirSync("bench-output", { recursive: true });
writeFileSync("bench-output/wire.json", JSON.stringify({ date: new Date().toISOString(), machine, seconds: SECONDS, seed: SEED, rows }, null, 2));
console.log("written bench-output/wire.json");
