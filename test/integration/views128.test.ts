// A minute of a 128-player match played by load-bot brains, every client decoding its own view
// exactly as the room's serializer sends it (shared patch, then the view's part) and its own
// SHOTS messages: what each client holds must agree with the server within its view area (each
// checked 5 times a second).
import assert from "node:assert/strict";
import { Encoder } from "@colyseus/schema";
import { MAX_PLAYERS_LIMIT, PATCH_HZ, TICK_HZ } from "../../shared/constants.ts";
import { isPatchTick, MatchPhase } from "../../shared/protocol.ts";
import type { ArenaState } from "../../shared/schema.ts";
import { segmentRectHitTime } from "../../shared/sim/geometry.ts";
import type { ArenaGame } from "../../server/game/ArenaGame.ts";
import { flightSegment, stoppedEarly, type Flight } from "../../server/game/combat.ts";
import { boxContains, InterestManager } from "../../server/game/interest.ts";
import type { Box } from "../../server/game/spatialGrid.ts";
import { botMatch } from "../../bench/botMatch.ts";
import { patchAll, watchAndDecode, type ViewingClient } from "../helpers/views.ts";

const CHECK_EVERY = 4;

describe("views in a 128-player room", function () {
  this.timeout(180_000);

  it("for a minute of play every client's state agrees with the server's within its view, and holds nothing beyond it", () => {
    const match = botMatch({ players: MAX_PLAYERS_LIMIT, seed: 11, mode: "ffa", latencyTicks: 3 });
    const { state, game } = match;
    const encoder = new Encoder(state);
    const interest = new InterestManager(state, game);
    const clients = match.ids.map((id) => watchAndDecode(encoder, interest, id));
    encoder.discardChanges();
    // Every shot fired, by id (the latest with each id): what a client was told is checked against it.
    const fired = new Map<number, Readonly<Flight>>();
    const toInterest = game.onShotFired!;
    game.onShotFired = (shot) => { fired.set(shot.id, shot); toInterest(shot); };

    const slotOf = new Map<number, string>();
    state.players.forEach((p, id) => slotOf.set(p.slot, id));
    const counts = { patches: 0, checks: 0, nearSum: 0, shotsSum: 0, kills: 0 };
    const playTicks = 60 * TICK_HZ;
    let played = 0;
    while (played < playTicks) {
      for (const event of match.step()) if (event.type === "kill") { counts.kills++; interest.killed(event.victim, event.killer); }
      if (state.phase === MatchPhase.PLAYING) played++;
      if (!isPatchTick(state.tick, PATCH_HZ)) continue;
      patchAll(encoder, interest, clients);
      counts.patches++;
      // Every client decodes every patch; each is checked at every fourth, in turn (checking
      // all 128 against the server at every patch would be most of the test's time).
      for (let i = counts.patches % CHECK_EVERY; i < clients.length; i += CHECK_EVERY) {
        const client = clients[i];
        counts.checks++;
        const area = interest.viewArea(client.id)!;
        counts.nearSum += checkPlayers(client.id, client.state, state, area.enter, area.keep);
        counts.shotsSum += checkShots(client, state, game, fired, area.enter, slotOf);
      }
    }
    const near = counts.nearSum / counts.checks;
    assert.ok(counts.kills > 50, `a real fight: ${counts.kills} kills`);
    assert.ok(near > 2 && near < MAX_PLAYERS_LIMIT / 2, `each client holds a part of the room: ${near.toFixed(1)} players on average`);
    assert.ok(counts.shotsSum > 0);
  });
});

const ROW_FIELDS = ["name", "slot", "team", "score", "kills", "deaths", "alive"] as const;
const BODY_FIELDS = ["x", "y", "aim", "hp", "shield"] as const;
const LAUNCH_FIELDS = ["owner", "x0", "y0", "heading", "spawnTick"] as const satisfies readonly (keyof Flight)[];

/** The first field whose values differ, or null (plain comparisons: this runs 20 million times). */
function firstDifference<T>(a: T, b: T, fields: readonly (keyof T)[]): keyof T | null {
  for (const field of fields) if (a[field] !== b[field]) return field;
  return null;
}

/** Returns how many other players the client holds whole. */
function checkPlayers(selfId: string, decoded: ArenaState, server: ArenaState, enter: Box, keep: Box): number {
  let whole = 0;
  if (decoded.players.size !== server.players.size) assert.fail(`${selfId} lists ${decoded.players.size} of ${server.players.size} players`);
  server.players.forEach((truth, id) => {
    const seen = decoded.players.get(id);
    if (!seen) return assert.fail(`${selfId} does not list ${id}`);
    const row = firstDifference(seen, truth, ROW_FIELDS);
    if (row) assert.fail(`${selfId}'s scoreboard row of ${id}: ${String(row)} differs`);
    if (id === selfId || seen.x !== undefined) {
      const body = firstDifference(seen, truth, BODY_FIELDS);
      if (body) assert.fail(`${selfId} holds ${id} wrong: ${String(body)} ${seen[body]} ≠ ${truth[body]}`);
      if (id === selfId) return;
      if (!boxContains(keep, truth.x, truth.y)) assert.fail(`${selfId} holds ${id} beyond its view`);
      whole++;
    } else {
      if (boxContains(enter, truth.x, truth.y)) assert.fail(`${selfId} misses ${id} inside its view`);
      if (seen.y !== undefined || seen.hp !== undefined) assert.fail(`${selfId} holds part of ${id}'s body`);
    }
  });
  return whole;
}

/**
 * Every shot whose rest of flight crosses the view was told, with the server's launch; a told
 * shot is said stopped exactly when it ended early on the server. Returns how many told shots
 * are in the air; those that ended are forgotten, as a client forgets them.
 */
function checkShots(client: ViewingClient, server: ArenaState, game: ArenaGame, fired: Map<number, Readonly<Flight>>, enter: Box, slotOf: Map<number, string>): number {
  const selfId = client.id;
  let flying = 0;
  for (const [id, told] of client.shots) {
    const truth = fired.get(id);
    if (!truth) return assert.fail(`${selfId} was told of shot ${id}, never fired`);
    const launch = firstDifference<Pick<Flight, (typeof LAUNCH_FIELDS)[number]>>(told, truth, LAUNCH_FIELDS);
    if (launch) assert.fail(`${selfId} holds shot ${id} wrong: ${String(launch)}`);
    if ((told.shot !== undefined) !== (slotOf.get(truth.owner) === selfId)) assert.fail("the input number goes to the owner only");
    if (game.inFlight(truth)) {
      if (told.stopped) assert.fail(`${selfId} was told shot ${id} stopped, still in the air`);
      flying++;
      continue;
    }
    if (told.stopped !== stoppedEarly(truth)) assert.fail(`${selfId} was ${told.stopped ? "" : "not "}told shot ${id} stopped`);
    client.shots.delete(id);
  }
  const rect = { x: enter.minX, y: enter.minY, w: enter.maxX - enter.minX, h: enter.maxY - enter.minY };
  for (const shot of game.shots()) {
    const path = flightSegment(shot, server.tick - shot.spawnTick, shot.endTicks);
    if (!path || segmentRectHitTime(path.x0, path.y0, path.x1, path.y1, rect, 0) < 0) continue;
    if (!client.shots.has(shot.id)) assert.fail(`${selfId} misses a shot crossing its view`);
  }
  return flying;
}
