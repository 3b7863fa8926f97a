// What the wire costs a client, three ways, on the same simulated match: load-bot brains play
// the authoritative game (bench/botMatch.ts) and at every patch tick the world is encoded as
//   (a) naive JSON of the whole world (what a hand-rolled JSON server would send),
//   (b) the same Colyseus schema with plain `number` fields and no views (every field of every
//       entity to every client), and
//   (c) ours, as the room sends it: quantized fields, each client's own StateView kept by the
//       room's interest management (server/game/interest.ts) for a 16:9 screen's view, and the
//       shots in that view as SHOTS messages, and
//   (d) ours with every player's body in every view and every shot to every client (no
//       interest management).
// Bytes are what the WebSocket carries for each client: every message's payload plus its frame
// header (2 bytes below 126, 4 below 64 KiB), so (c)'s extra SHOTS messages pay their framing.
// Also the server's cost per room: tick time, and tick plus view upkeep plus patch encoding for
// every client, with and without interest management: the bots play the match once (measuring
// (a) and (b), whose JSON would disturb timings) and their inputs are recorded; the match is
// then replayed exactly (it is deterministic) for (c) and (d), with no bot thinking in the way.
//   npx tsx bench/wire.ts [--players 32,64,128] [--seconds 30] [--seed 7]
// Prints a table and writes bench-output/wire.json. Numbers are measured, never asserted.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { Encoder, schema, StateView, t, type Schema } from "@colyseus/schema";
import { PATCH_HZ, TICK_HZ } from "../shared/constants.ts";
import { DEFAULT_VIEW, encodeShots, isPatchTick, MatchPhase, shotsMessageBytes, type WireShot } from "../shared/protocol.ts";
import { ArenaState, NEAR_VIEW, OWNER_VIEW, PickupState, PlayerState } from "../shared/schema.ts";
import type { ServerInput } from "../server/game/ArenaGame.ts";
import { stoppedEarly, type Flight } from "../server/game/combat.ts";
import { InterestManager } from "../server/game/interest.ts";
import { botMatch, type BotMatch } from "./botMatch.ts";

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
const WARM_UP_SECONDS = 10;
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
  for (const key of Object.keys(children)) fields[key] ??= children[key]; // what the naive state holds beyond ours (the shots)
  return schema(fields as never, name);
}
const PlainPlayer = plainSchemaLike(new PlayerState(), "PlainPlayer");
/** A shot as a naive server keeps it in the state: its owner's session id, launch, and the owner's input number. */
const plainShot = (shot: Readonly<Flight>) => ({ owner: shot.ownerId, x0: shot.x0, y0: shot.y0, heading: shot.heading, spawnTick: shot.spawnTick, shot: shot.shot });
const PlainProjectile = schema({ owner: t.string(), x0: t.number(), y0: t.number(), heading: t.number(), spawnTick: t.number(), shot: t.number() }, "PlainProjectile");
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
  private readonly projectileKeys = Object.keys(new PlainProjectile().toJSON());
  private readonly pickupKeys = Object.keys(new PickupState().toJSON());

  sync(real: ArenaState, shots: Iterable<Readonly<Flight>>): void {
    const twin = this.state;
    copyFields(real as unknown as Plain, twin, this.topKeys);
    real.teamScores.forEach((score, i) => { if (twin.teamScores[i] !== score) twin.teamScores[i] = score; });
    this.syncMap(real.players as unknown as Map<string, Plain>, twin.players, PlainPlayer, this.playerKeys);
    this.syncMap(new Map(Array.from(shots, (shot) => [String(shot.id), plainShot(shot)])), twin.projectiles, PlainProjectile, this.projectileKeys);
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

/** WebSocket bytes of a server message with a payload of `n` bytes (RFC 6455 frame header). */
const framed = (n: number) => n + (n < 126 ? 2 : n < 0x10000 ? 4 : 10);
/** Colyseus's ROOM_DATA_BYTES header before a SHOTS payload: the protocol code and our message id. */
const SHOTS_HEADER = 2;

/** How the views and shots are kept: by the room's interest management, or everything to everyone. */
interface ViewKeeper {
  /** Called right before each patch is encoded. */
  update(): void;
  /** Called right after: each client's SHOTS message, as its WebSocket bytes. */
  shots(visit: (sessionId: string, bytes: number) => void): void;
}

function interestViews(match: BotMatch, views: Map<string, StateView>): ViewKeeper {
  const interest = new InterestManager(match.state, match.game);
  for (const id of match.ids) {
    const view = new StateView();
    interest.watch(id, view, DEFAULT_VIEW);
    views.set(id, view);
  }
  return {
    update: () => interest.update(),
    shots: (visit) => interest.flush(match.state.tick, (id, bytes) => visit(id, framed(SHOTS_HEADER + bytes.byteLength))),
  };
}

/** (d): every body in every view, and every shot to every client as it is fired, and again if it stops early. */
function everythingViews(match: BotMatch, views: Map<string, StateView>): ViewKeeper {
  const { state, game } = match;
  for (const id of match.ids) {
    const view = new StateView();
    state.players.forEach((p, other) => view.add(p, other === id ? OWNER_VIEW | NEAR_VIEW : NEAR_VIEW));
    views.set(id, view);
  }
  let fired: Readonly<Flight>[] = [];
  let flying: Readonly<Flight>[] = [];
  let buffer = new Uint8Array(1024);
  game.onShotFired = (shot) => fired.push(shot);
  return {
    update: () => {},
    shots: (visit) => {
      const known = flying.concat(fired);
      const stopped = known.filter((shot) => !game.inFlight(shot) && stoppedEarly(shot)).map((shot) => shot.id);
      const launched: readonly WireShot[] = fired;
      flying = known.filter((shot) => game.inFlight(shot));
      if (launched.length + stopped.length === 0) return;
      const needed = shotsMessageBytes(launched.length, stopped.length);
      if (needed > buffer.length) buffer = new Uint8Array(needed);
      state.players.forEach((player, id) => visit(id, framed(SHOTS_HEADER + encodeShots(state.tick, launched, stopped, player.slot, buffer))));
      fired = [];
    },
  };
}

/**
 * One play of the match. With `baselines`, also (a) and (b) at every patch, whose allocations
 * (JSON of the whole world) would disturb the timings: so they get a play of their own.
 */
function measureRoom(players: number, keeper: "interest" | "everything", baselines: boolean, recording: ServerInput[][], forSeconds = SECONDS) {
  // The baselines' play records the bots' inputs; the timed plays replay them without the bots,
  // whose thinking (and garbage) would otherwise be timed as the server's.
  const match = botMatch({ players, seed: SEED, mode: "ffa", latencyTicks: LATENCY_TICKS, replay: baselines ? undefined : recording });
  const step = () => {
    match.step();
    if (baselines) recording.push(match.inputs.map((input) => ({ ...input })));
  };
  const { state } = match;
  // (c) as the room does it (ArenaRoom.watch): each client's view is its own player whole and what is near it.
  const views = new Map<string, StateView>();
  const ours = new Encoder(state); // before any view: a view binds to the encoder's root on its first add
  const viewKeeper = keeper === "interest" ? interestViews(match, views) : everythingViews(match, views);
  const twin = new PlainTwin();
  twin.sync(state, match.game.shots());
  const plain = new Encoder(twin.state as unknown as Schema);

  while (state.phase !== MatchPhase.PLAYING) step();
  // Start from a client that has the full state: only patches are counted.
  const offset = () => ({ offset: 1 });
  viewKeeper.update();
  ours.encode(offset()); for (const view of views.values()) ours.encodeView(view, 1, offset()); ours.discardChanges();
  viewKeeper.shots(() => {});
  twin.sync(state, match.game.shots()); plain.encode(offset()); plain.discardChanges();

  const bytes = { json: 0, plain: 0, ours: 0, oursShots: 0, oursMin: Infinity, oursMax: 0 };
  const tickMs: number[] = [];
  const tickAndEncodeMs: number[] = [];
  let patches = 0, projectilesSeen = 0, ticks = 0, busyMs = 0;
  const playTicks = forSeconds * TICK_HZ;
  while (ticks < playTicks) {
    step();
    const stepped = match.stepMs;
    if (state.phase !== MatchPhase.PLAYING) {
      // Results and warm-up are not the busy match, but the room patches through them as always.
      if (!isPatchTick(state.tick, PATCH_HZ)) continue;
      viewKeeper.update();
      const it = offset();
      ours.encode(it);
      const sharedOffset = it.offset;
      for (const view of views.values()) ours.encodeView(view, sharedOffset, it);
      ours.discardChanges();
      viewKeeper.shots(() => {});
      if (baselines) { twin.sync(state, match.game.shots()); plain.encode(offset()); plain.discardChanges(); }
      continue;
    }
    ticks++;
    tickMs.push(stepped);
    busyMs += stepped;
    if (!isPatchTick(state.tick, PATCH_HZ)) { tickAndEncodeMs.push(stepped); continue; }
    patches++;
    projectilesSeen += match.game.shotsInFlight;
    // (c): the views brought up to date, the shared patch once, then each client's view on top of it, as SchemaSerializer does.
    const e0 = performance.now();
    viewKeeper.update();
    const it = offset();
    ours.encode(it);
    const sharedOffset = it.offset;
    let sum = 0;
    for (const view of views.values()) {
      const frame = ours.encodeView(view, sharedOffset, it).byteLength;
      sum += framed(frame);
      bytes.oursMin = Math.min(bytes.oursMin, frame);
      bytes.oursMax = Math.max(bytes.oursMax, frame);
    }
    ours.discardChanges();
    let shotsSum = 0;
    viewKeeper.shots((_, frame) => { shotsSum += frame; });
    const encodeMs = performance.now() - e0;
    tickAndEncodeMs.push(stepped + encodeMs);
    busyMs += encodeMs;
    bytes.ours += (sum + shotsSum) / views.size;
    bytes.oursShots += shotsSum / views.size;
    if (!baselines) continue;
    // (b) and (a) are broadcast: every client receives the same bytes.
    twin.sync(state, match.game.shots());
    bytes.plain += framed(plain.encode(offset()).byteLength);
    plain.discardChanges();
    bytes.json += framed(Buffer.byteLength(JSON.stringify({ ...state.toJSON(), projectiles: Array.from(match.game.shots(), plainShot) })));
  }
  const seconds = ticks / TICK_HZ;
  const perSecond = (total: number) => Math.round(total / seconds);
  return {
    playSeconds: round(seconds, 1),
    patches,
    projectilesPerPatch: round(projectilesSeen / Math.max(1, patches), 1),
    bytesPerClientPerSecond: { json: perSecond(bytes.json), plainSchema: perSecond(bytes.plain), ours: perSecond(bytes.ours), oursShotsMessages: perSecond(bytes.oursShots) },
    oursPatchBytes: { min: bytes.oursMin, max: bytes.oursMax },
    tickMs: { p50: round(quantile(tickMs, 0.5), 4), p99: round(quantile(tickMs, 0.99), 4) },
    tickAndPatchEncodeMs: { p50: round(quantile(tickAndEncodeMs, 0.5), 4), p99: round(quantile(tickAndEncodeMs, 0.99), 4) },
    /** Tick, view upkeep and encoding, per player per second of play: the room's share of a server's CPU. */
    cpuMsPerPlayerSecond: round(busyMs / (players * seconds), 4),
  };
}

function measure(players: number) {
  const recording: ServerInput[][] = [];
  const { json, plainSchema } = measureRoom(players, "interest", true, recording).bytesPerClientPerSecond;
  const views = measureRoom(players, "interest", false, recording);
  const everything = measureRoom(players, "everything", false, recording);
  const { ours, oursShotsMessages } = views.bytesPerClientPerSecond;
  return {
    players,
    ...views,
    bytesPerClientPerSecond: { json, plainSchema, ours, oursShotsMessages, oursWithoutViews: everything.bytesPerClientPerSecond.ours },
    oursBelow: { json: round(json / ours, 1), plainSchema: round(plainSchema / ours, 1), withoutViews: round(everything.bytesPerClientPerSecond.ours / ours, 1) },
    withoutViews: {
      tickAndPatchEncodeMs: everything.tickAndPatchEncodeMs,
      cpuMsPerPlayerSecond: everything.cpuMsPerPlayerSecond,
    },
  };
}

// (d) encodes every view whole, one after another: 128 of them need a large buffer.
Encoder.BUFFER_SIZE = 512 * 1024;

const machine = { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` };
console.log(`Skirmish wire benchmark: free-for-all rooms of ${ROOM_SIZES.join(", ")} load-bot brains, ${SECONDS} s of play each, patches at ${PATCH_HZ} Hz`);
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}\n`);
// A short play of the first room, both ways, thrown away: the first room measured would
// otherwise pay for the compiler's warm-up in its p99.
const warmUp: ServerInput[][] = [];
measureRoom(ROOM_SIZES[0], "interest", true, warmUp, WARM_UP_SECONDS);
measureRoom(ROOM_SIZES[0], "interest", false, warmUp, WARM_UP_SECONDS);
measureRoom(ROOM_SIZES[0], "everything", false, warmUp, WARM_UP_SECONDS);
const rows = ROOM_SIZES.map(measure);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB/s`;
const print = (table: string[][]) => {
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  for (const row of table) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join("  "));
};
print([
  ["players", "(a) JSON", "(b) plain schema", "(c) ours", "of it SHOTS", "(d) ours, no views", "(c) vs (a)", "(c) vs (b)", "(c) vs (d)", "projectiles/patch"],
  ...rows.map((r) => [
    String(r.players), kb(r.bytesPerClientPerSecond.json), kb(r.bytesPerClientPerSecond.plainSchema), kb(r.bytesPerClientPerSecond.ours),
    kb(r.bytesPerClientPerSecond.oursShotsMessages), kb(r.bytesPerClientPerSecond.oursWithoutViews), `${r.oursBelow.json}× less`, `${r.oursBelow.plainSchema}× less`, `${r.oursBelow.withoutViews}× less`,
    String(r.projectilesPerPatch),
  ]),
]);
console.log("\nServer cost per room (one core): tick alone, and tick + view upkeep + patch encoding for every client, with (c) and without (d) views");
print([
  ["players", "tick p50/p99 ms", "(c) tick+encode p50/p99 ms", "(d) tick+encode p50/p99 ms", "(c) CPU ms/player-s", "(d) CPU ms/player-s"],
  ...rows.map((r) => [
    String(r.players), `${r.tickMs.p50} / ${r.tickMs.p99}`, `${r.tickAndPatchEncodeMs.p50} / ${r.tickAndPatchEncodeMs.p99}`,
    `${r.withoutViews.tickAndPatchEncodeMs.p50} / ${r.withoutViews.tickAndPatchEncodeMs.p99}`, String(r.cpuMsPerPlayerSecond), String(r.withoutViews.cpuMsPerPlayerSecond),
  ]),
]);
mkdirSync("bench-output", { recursive: true });
writeFileSync("bench-output/wire.json", JSON.stringify({ date: new Date().toISOString(), machine, seconds: SECONDS, seed: SEED, rows }, null, 2));
console.log("written bench-output/wire.json");
