import assert from "node:assert/strict";
import { Encoder } from "@colyseus/schema";
import { PROJECTILE_SPEED, RADAR_HZ, STEP_SECONDS, TICK_HZ, VIEW_KEEP_U, VIEW_MARGIN_U } from "../../../shared/constants.ts";
import { DEFAULT_VIEW, MatchPhase, type ViewSize } from "../../../shared/protocol.ts";
import { snapX } from "../../../shared/sim/quantize.ts";
import { Button } from "../../../shared/sim/types.ts";
import { InterestManager, viewBox } from "../../../server/game/interest.ts";
import { SpatialGrid } from "../../../server/game/spatialGrid.ts";
import { patchAll, watchAndDecode, type ViewingClient } from "../../helpers/views.ts";
import { idle, playingGame } from "../../helpers/world.ts";

/** A playing game whose clients each decode their own view, as Colyseus's serializer sends it. */
function viewedWorld(ids: string[], mode: "ffa" | "teams" = "ffa") {
  const world = playingGame(ids, 42, mode);
  world.game.map.obstacles.length = 0; // open ground: shots fly their full range
  const encoder = new Encoder(world.state);
  const interest = new InterestManager(world.state, world.game);
  const clients = new Map<string, ViewingClient>();
  const watch = (id: string, size?: ViewSize) => {
    const client = watchAndDecode(encoder, interest, id, size);
    clients.set(id, client);
    return client.state;
  };
  for (const id of ids) watch(id);
  const place = (id: string, x: number, y: number) => Object.assign(world.state.players.get(id)!, { x, y });
  const patch = () => patchAll(encoder, interest, clients.values());
  const seen = (viewer: string, id: string) => clients.get(viewer)!.state.players.get(id)!;
  return { ...world, interest, watch, place, patch, seen, clients };
}

describe("spatial grid", () => {
  it("finds a point in the cells a box overlaps, and only there", () => {
    const grid = new SpatialGrid<string>(2400, 2400, 400);
    grid.insertPoint("a", 100, 100);
    grid.insertPoint("b", 1300, 900);
    const found = (minX: number, minY: number, maxX: number, maxY: number) => {
      const out: string[] = [];
      grid.query({ minX, minY, maxX, maxY }, (item) => out.push(item));
      return out.sort();
    };
    assert.deepEqual(found(0, 0, 399, 399), ["a"]);
    assert.deepEqual(found(1200, 800, 1300, 900), ["b"]);
    assert.deepEqual(found(400, 400, 1199, 799), []);
    assert.deepEqual(found(-5000, -5000, 5000, 5000), ["a", "b"]);
  });

  it("puts points outside the arena or not a number in the edge cells, never outside the grid", () => {
    const grid = new SpatialGrid<string>(2400, 2400, 400);
    grid.insertPoint("far", 99_999, -99_999);
    grid.insertPoint("nan", NaN, NaN);
    const corner: string[] = [];
    grid.query({ minX: 2300, minY: 0, maxX: 2400, maxY: 10 }, (item) => corner.push(item));
    assert.deepEqual(corner, ["far"]);
    const origin: string[] = [];
    grid.query({ minX: 0, minY: 0, maxX: 1, maxY: 1 }, (item) => origin.push(item));
    assert.deepEqual(origin, ["nan"]);
  });

  it("files a segment's box under every cell it covers", () => {
    const grid = new SpatialGrid<string>(2400, 2400, 400);
    grid.insertBox("shot", { minX: 100, minY: 100, maxX: 900, maxY: 500 });
    let visits = 0;
    grid.query({ minX: 0, minY: 0, maxX: 2400, maxY: 2400 }, () => visits++);
    assert.equal(visits, 3 * 2, "cells 0–2 across, 0–1 down");
  });

  it("a view box is the screen around a point plus the margin", () => {
    assert.deepEqual(viewBox(1000, 1000, { width: 800, height: 600 }, 100), { minX: 500, minY: 600, maxX: 1500, maxY: 1400 });
  });
});

describe("interest management", () => {
  it("a far player's body is absent from a client's state and appears at its exact place when it comes near", () => {
    const w = viewedWorld(["a", "b"]);
    w.place("a", 300, 300);
    w.place("b", 2100, 2100);
    w.patch();
    const b = () => w.seen("a", "b");
    assert.equal(b().name, "b", "every player is listed");
    assert.equal(b().alive, true);
    assert.deepEqual([b().x, b().y, b().hp, b().aim], [undefined, undefined, undefined, undefined]);
    assert.equal(w.seen("a", "a").x, w.state.players.get("a")!.x, "the own player is always whole");

    w.place("b", 900, 500);
    w.patch();
    assert.deepEqual([b().x, b().y, b().hp], [w.state.players.get("b")!.x, w.state.players.get("b")!.y, 100]);
    assert.equal(w.interest.nearCount("a"), 1);

    w.place("b", 2100, 2100);
    w.patch();
    assert.equal(b().x, undefined, "gone again once it is far");
    assert.equal(w.interest.nearCount("a"), 0);
  });

  it("a player on the edge stays in view until it is VIEW_KEEP_U further out, and re-enters only inside the margin", () => {
    const w = viewedWorld(["a", "b"]);
    w.place("a", 1200, 1200);
    const edge = 1200 + DEFAULT_VIEW.width / 2 + VIEW_MARGIN_U;
    const visible = () => w.seen("a", "b").x !== undefined;
    w.place("b", edge - 10, 1200); w.patch();
    assert.ok(visible(), "inside the margin");
    w.place("b", edge + VIEW_KEEP_U - 10, 1200); w.patch();
    assert.ok(visible(), "kept: not yet beyond the keep band");
    w.place("b", edge + VIEW_KEEP_U + 10, 1200); w.patch();
    assert.ok(!visible(), "beyond the keep band");
    w.place("b", edge + 10, 1200); w.patch();
    assert.ok(!visible(), "in the keep band but not inside the margin: not yet back");
    w.place("b", edge - 10, 1200); w.patch();
    assert.ok(visible());
  });

  it("a shot reaches the clients whose view its flight crosses, and its input number only its owner", () => {
    const w = viewedWorld(["a", "b", "c"]);
    w.place("a", 300, 1200);
    w.place("b", 1100, 1600); // the flight (300 → ~1020 along y = 1200) crosses b's view
    w.place("c", 2100, 200); // far from it
    w.inputs.push("a", idle({ aim: 0, buttons: Button.FIRE }));
    w.game.step(w.inputs);
    w.patch();
    const [server] = [...w.game.shots()];
    assert.ok(server, "a shot is in the air");
    const ofA = w.clients.get("a")!.shots.get(server.id);
    const ofB = w.clients.get("b")!.shots.get(server.id);
    assert.ok(ofA && ofB);
    assert.equal(w.clients.get("c")!.shots.size, 0, "c's view is nowhere near the flight");
    assert.equal(ofA.shot, server.shot, "the owner matches it with its prediction");
    assert.equal(ofB.shot, undefined, "no one else needs the input number");
    for (const seen of [ofA, ofB]) {
      assert.deepEqual([seen.owner, seen.x0, seen.y0, seen.heading, seen.spawnTick],
        [w.state.players.get("a")!.slot, server.x0, server.y0, server.heading, server.spawnTick]);
    }
    w.game.step(w.inputs);
    w.patch();
    assert.equal(ofB.stopped, false);
    assert.equal(w.clients.get("b")!.shots.size, 1, "sent once, not again with every patch");
  });

  it("a shot that hits someone is told stopped to the clients that have it; one that flies its range is not", () => {
    const w = viewedWorld(["a", "b", "c"]);
    w.place("a", 300, 1200);
    w.place("b", 700, 1200); // in the line of fire
    w.place("c", 2000, 1200); // its view starts past where the shot would stop on b
    Object.assign(w.state.players.get("b")!, { protectedUntil: 0 });
    w.inputs.push("a", idle({ aim: 0, buttons: Button.FIRE }));
    w.game.step(w.inputs);
    w.patch();
    const [shot] = [...w.game.shots()];
    assert.ok(w.clients.get("c")!.shots.has(shot.id), "the rest of its flight crossed c's view when fired");
    while (w.game.inFlight(shot)) w.game.step(w.inputs);
    assert.ok(shot.landed, "it hit b");
    w.patch();
    for (const id of ["a", "b", "c"]) assert.equal(w.clients.get(id)!.shots.get(shot.id)?.stopped, true, `${id} hears it stopped`);

    w.place("b", 700, 1600); // out of the way: the next shot flies its whole range
    w.inputs.push("a", ...Array.from({ length: TICK_HZ }, () => idle({ aim: 0, buttons: Button.FIRE })));
    for (let i = 0; i < TICK_HZ && w.game.shotsInFlight === 0; i++) w.game.step(w.inputs); // the weapon cools down input by input
    w.patch();
    const [second] = [...w.game.shots()];
    while (w.game.inFlight(second)) w.game.step(w.inputs);
    w.patch();
    assert.equal(w.clients.get("a")!.shots.get(second.id)?.stopped, false, "its end is on every client's map already");
  });

  it("a shot fired and landed between two patches still reaches the views it crossed, with its stop", () => {
    const w = viewedWorld(["a", "b", "c"]);
    w.place("a", 300, 1200);
    w.place("b", 300 + 45, 1200); // point blank: the shot lands on its first step
    w.place("c", 900, 1200);
    Object.assign(w.state.players.get("b")!, { protectedUntil: 0 });
    w.inputs.push("a", idle({ aim: 0, buttons: Button.FIRE }));
    const fired: Readonly<{ id: number; landed: boolean }>[] = [];
    const listener = w.game.onShotFired!;
    w.game.onShotFired = (shot) => { fired.push(shot); listener(shot); };
    w.game.step(w.inputs);
    w.game.step(w.inputs);
    assert.equal(fired.length, 1);
    assert.ok(fired[0].landed && w.game.shotsInFlight === 0, "it landed before any patch");
    w.patch();
    for (const id of ["a", "b", "c"]) assert.equal(w.clients.get(id)!.shots.get(fired[0].id)?.stopped, true, id);
  });

  it("shots in the air when a new match starts are told stopped", () => {
    const w = viewedWorld(["a", "b"]);
    w.place("a", 300, 1200);
    w.place("b", 700, 1600); // beside the line of fire, in view of it
    w.inputs.push("a", idle({ aim: 0, buttons: Button.FIRE }));
    w.game.step(w.inputs);
    w.patch();
    const [shot] = [...w.game.shots()];
    assert.equal(w.clients.get("b")!.shots.get(shot.id)?.stopped, false);
    for (const phase of [MatchPhase.RESULTS, MatchPhase.WAITING, MatchPhase.COUNTDOWN]) {
      w.state.phaseEndsTick = w.state.tick + 1; // skip ahead: the next step ends the phase
      w.game.step(w.inputs);
      assert.equal(w.state.phase, phase);
    }
    assert.ok(!w.game.inFlight(shot) && !shot.landed, "the new match cleared it in mid-flight");
    w.patch();
    assert.equal(w.clients.get("b")!.shots.get(shot.id)?.stopped, true);
  });

  it("a shot enters a view when the rest of its flight crosses it, even if it was fired from outside", () => {
    const w = viewedWorld(["a", "b"]);
    const reach = (PROJECTILE_SPEED * STEP_SECONDS) * 30;
    w.place("a", 200, 1200);
    // b's view (with its margin) begins this far right of a: the shot crosses it late in its flight.
    const bx = 200 + reach - 100 + DEFAULT_VIEW.width / 2 + VIEW_MARGIN_U;
    w.place("b", bx, 1200);
    w.inputs.push("a", idle({ aim: 0, buttons: Button.FIRE }));
    w.game.step(w.inputs);
    w.patch();
    assert.equal(w.clients.get("b")!.shots.size, 1);
    w.place("b", bx + 200, 1200); // now the flight ends short of b's view: a later shot does not reach b
    w.inputs.push("a", ...Array.from({ length: TICK_HZ }, () => idle({ aim: 0, buttons: Button.FIRE })));
    for (let i = 0; i < TICK_HZ; i++) w.game.step(w.inputs);
    w.patch();
    assert.ok(w.game.shotsInFlight >= 2, "a keeps firing");
    assert.equal(w.clients.get("b")!.shots.size, 1, "none of the later ones reach b");
  });

  it("a dead client watches its killer and what is near the killer", () => {
    const w = viewedWorld(["victim", "killer", "bystander"]);
    w.place("victim", 300, 300);
    w.place("killer", 1000, 300);
    w.place("bystander", 2000, 1500); // near the killer's later place, far from the victim
    w.patch();
    assert.equal(w.seen("victim", "bystander").x, undefined);
    Object.assign(w.state.players.get("victim")!, { alive: false, respawnTick: w.state.tick + 90 });
    w.interest.killed("victim", "killer");
    w.place("killer", 1800, 1400);
    w.patch();
    assert.equal(w.seen("victim", "killer").x, w.state.players.get("killer")!.x);
    assert.equal(w.seen("victim", "bystander").x, w.state.players.get("bystander")!.x);
    assert.equal(w.seen("victim", "victim").x, w.state.players.get("victim")!.x, "its own player stays whole");
  });

  it("teams: every team-mate's coarse position reaches the client, no enemy's", () => {
    const w = viewedWorld(["a", "b", "c", "d"], "teams"); // a and c on team 1, b and d on team 2
    const ally = w.state.players.get("c")!;
    assert.equal(ally.team, w.state.players.get("a")!.team);
    w.place("a", 200, 200);
    w.place("c", 2200, 2200);
    w.place("b", 2200, 200);
    w.place("d", 200, 2200);
    while (w.state.tick % Math.round(TICK_HZ / RADAR_HZ) !== 0) w.game.step(w.inputs);
    w.place("c", 2200, 2200); // stepping may have moved nobody, but be exact
    w.patch();
    const c = w.seen("a", "c");
    assert.equal(c.x, undefined, "the far team-mate's body is not sent");
    assert.ok(Math.abs(c.radarX! - 2200) < 10 && Math.abs(c.radarY! - 2200) < 10, `coarse position ${c.radarX},${c.radarY}`);
    assert.equal(w.seen("a", "b").radarX, undefined, "no enemy's");
    assert.equal(w.seen("a", "d").radarX, undefined);
  });

  it("a fresh view (a reconnection) holds the own player whole at once, and the near players from the next patch", () => {
    const w = viewedWorld(["a", "b"]);
    w.place("a", 500, 500);
    w.place("b", 700, 500);
    w.patch();
    const again = w.watch("a");
    const own = again.players.get("a")!;
    assert.equal(own.x, snapX(500));
    assert.notEqual(own.ack, undefined, "owner-only fields too");
    assert.notEqual(own.fireCooldown, undefined);
    assert.equal(again.players.get("b")!.x, undefined, "not yet");
    w.patch();
    assert.equal(again.players.get("b")!.x, snapX(700));
  });

  it("a bigger stated view sees further", () => {
    const w = viewedWorld(["a", "b"]);
    w.place("a", 400, 1200);
    w.place("b", 400 + DEFAULT_VIEW.width / 2 + VIEW_MARGIN_U + 200, 1200);
    w.patch();
    assert.equal(w.seen("a", "b").x, undefined);
    const wider = { width: DEFAULT_VIEW.width + 500, height: DEFAULT_VIEW.height };
    w.interest.resize("a", wider);
    w.patch();
    assert.notEqual(w.seen("a", "b").x, undefined);
    w.watch("a"); // a reconnection keeps the size the client stated
    assert.deepEqual(w.interest.viewSize("a"), wider);
  });
});
