import assert from "node:assert/strict";
import {
  OwnShots, RemoteShots, ShotOwners, UNKNOWN_OWNER, type DrawnShot, type DrawnTarget, type HeardShot, type SeenMiss, type TargetTimeline,
} from "../../../client/src/net/Shots.ts";
import { PLAYER_RADIUS_U, PROJECTILE_LIFE_TICKS, PROJECTILE_RADIUS_U, PROJECTILE_SPEED, STEP_MS, STEP_SECONDS } from "../../../shared/constants.ts";
import type { Point } from "../../../shared/sim/geometry.ts";
import { launchFrom, projectileEndTicks, projectilePosition, type ProjectileLaunch } from "../../../shared/sim/weapon.ts";
import { unwrapTick, type ShotLaunched } from "../../../shared/protocol.ts";
import type { ArenaMap } from "../../../shared/sim/map.ts";
import { openMap } from "../../helpers/world.ts";

const STEP_U = PROJECTILE_SPEED * STEP_SECONDS;
const HIT_RADIUS = PLAYER_RADIUS_U + PROJECTILE_RADIUS_U;
const TRAIL = 0.9;
const SELF = "me";
const open = openMap([]);
/** A wall across the line of fire, 300 u east of the shooter. */
const walled = openMap([{ x: 800, y: 300, w: 40, h: 400 }]);

/** Fired east from (500, 500), at flight 0 when it leaves the muzzle. */
const eastward = (spawnTick = 0): ProjectileLaunch => launchFrom({ x: 500, y: 500 }, 0, spawnTick);
/** The flight (steps) at which a shot along `launch` first touches a player standing still at x on its line. */
const touchFlight = (launch: ProjectileLaunch, x: number) => (x - HIT_RADIUS - launch.x0) / STEP_U;

/** Players on the drawn timeline: `where(id, tick)` gives a player's drawn position at a tick, or null when it was not there alive. */
function timeline(players: { id: string; team: number }[], where: (id: string, tick: number) => Point | null): TargetTimeline & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    players: players.map((p) => ({ ...p, x: 0, y: 0, alive: true })),
    positionAt(id, tick, out) {
      asked.push(tick);
      const p = where(id, tick);
      if (!p) return false;
      out.x = p.x;
      out.y = p.y;
      return true;
    },
  };
}
const nobody = timeline([], () => null);
const standing = (id: string, team: number, x: number, y: number) => timeline([{ id, team }], () => ({ x, y }));

/** Local time at which a shot launched at `launchedAt` is `flight` steps along. */
const at = (launchedAt: number, flight: number) => launchedAt + flight * STEP_MS;

function frame(shots: OwnShots, now: number, targets: TargetTimeline = nobody): DrawnShot[] {
  const out: DrawnShot[] = [];
  shots.update(now, targets, SELF, TRAIL, out);
  return out;
}

describe("OwnShots", () => {
  it("draws a shot from the muzzle along its shared flight, with its trail", () => {
    const shots = new OwnShots();
    const launch = eastward();
    shots.add(7, launch, 0, open, 1000, 50);
    assert.equal(shots.counters.fired, 1);

    const before = frame(shots, 990);
    assert.equal(before.length, 1, "drawn at the muzzle until it leaves it");
    assert.deepEqual(before[0], { x: launch.x0, y: launch.y0, tailX: launch.x0, tailY: launch.y0, team: 0, own: true });

    const [shot] = frame(shots, at(1000, 2.5));
    const head = projectilePosition(launch, 2.5, { x: 0, y: 0 });
    const tail = projectilePosition(launch, 2.5 - TRAIL, { x: 0, y: 0 });
    assert.ok(Math.abs(shot.x - head.x) < 1e-9 && Math.abs(shot.y - head.y) < 1e-9, `head at (${shot.x}, ${shot.y})`);
    assert.ok(Math.abs(shot.tailX - tail.x) < 1e-9 && Math.abs(shot.tailY - tail.y) < 1e-9);
    assert.equal(shot.own, true);
  });

  it("stops at the wall its flight ends on, and at the end of its range in the open", () => {
    for (const map of [walled, open]) {
      const shots = new OwnShots();
      const launch = eastward();
      const end = projectileEndTicks(launch, map);
      if (map === walled) assert.ok(end < 12 && end > 11, `the wall is 11-12 steps away (${end})`);
      else assert.equal(end, PROJECTILE_LIFE_TICKS);
      shots.add(1, launch, 0, map, 0, 10);
      assert.equal(frame(shots, at(0, end - 0.05)).length, 1, "still flying just before its end");
      assert.equal(frame(shots, at(0, end + 0.05)).length, 0, "gone just after");
      assert.equal(frame(shots, at(0, end + 3)).length, 0, "and stays gone");
    }
  });

  it("stops at the first enemy it touches where this screen drew it, and counts a seen hit", () => {
    const shots = new OwnShots();
    const launch = eastward();
    const enemyX = 700;
    const hitFlight = touchFlight(launch, enemyX);
    const targets = timeline([{ id: "near", team: 0 }, { id: "far", team: 0 }], (id) => ({ x: id === "near" ? enemyX : enemyX + 60, y: 500 }));
    shots.add(3, launch, 0, open, 0, 40);
    let lastDrawn = -1;
    for (let flight = 0; flight < 20; flight += 0.25) {
      const drawn = frame(shots, at(0, flight), targets);
      if (drawn.length) lastDrawn = flight;
    }
    assert.ok(lastDrawn < Math.ceil(hitFlight) && lastDrawn >= Math.floor(hitFlight), `drawn until the step that touches (last at ${lastDrawn}, touches at ${hitFlight.toFixed(2)})`);
    assert.equal(shots.counters.seenHits, 1, "one hit, on the nearer enemy only");
  });

  it("judges each step of flight against the targets where they were drawn at the shot's view tick plus that step", () => {
    const shots = new OwnShots();
    const launch = eastward();
    const viewTick = 200;
    // an enemy crossing the line of fire: on it only at tick 205, well off it before and after
    const crossing = timeline([{ id: "runner", team: 0 }], (_id, tick) => ({ x: launch.x0 + 5 * STEP_U, y: 500 + (tick - 205) * 40 }));
    shots.add(1, launch, 0, open, 0, viewTick);
    for (let flight = 0; flight <= 8; flight += 0.5) frame(shots, at(0, flight), crossing);
    assert.equal(shots.counters.seenHits, 1, "hit when the shot got there on the drawn timeline");
    assert.ok(crossing.asked.every((tick) => Number.isInteger(tick - viewTick) && tick - viewTick >= 0), "asked at whole steps after the view tick");

    const late = new OwnShots();
    // the same runner, but this shot claims a view two ticks later: the runner had gone by
    late.add(2, launch, 0, open, 0, viewTick + 2);
    for (let flight = 0; flight <= 8; flight += 0.5) frame(late, at(0, flight), crossing);
    assert.equal(late.counters.seenHits, 0);
  });

  it("flies through teammates in teams mode, and through the shooter itself", () => {
    const shots = new OwnShots();
    const launch = eastward();
    const targets = timeline([{ id: "mate", team: 1 }, { id: SELF, team: 2 }, { id: "foe", team: 2 }],
      (id) => ({ x: id === "foe" ? 900 : 650, y: 500 }));
    shots.add(1, launch, 1, open, 0, 30);
    let lastDrawn = -1;
    for (let flight = 0; flight < 30; flight += 0.5) if (frame(shots, at(0, flight), targets).length) lastDrawn = flight;
    assert.ok(lastDrawn > touchFlight(launch, 650) + 1, "not stopped by the teammate or itself");
    assert.ok(lastDrawn < touchFlight(launch, 900) + 1, "stopped by the enemy behind them");
    assert.equal(shots.counters.seenHits, 1);
  });

  it("flies through players the drawn timeline did not have alive there", () => {
    const shots = new OwnShots();
    const launch = eastward();
    shots.add(1, launch, 0, open, 0, 30);
    const dead = timeline([{ id: "ghost", team: 0 }], () => null);
    for (let flight = 0; flight < 29; flight += 0.5) assert.equal(frame(shots, at(0, flight), dead).length, 1);
    assert.equal(shots.counters.seenHits, 0);
  });

  it("counts a hit the server registers after this screen showed it as seen and registered", () => {
    const shots = new OwnShots();
    const launch = eastward();
    shots.add(12, launch, 0, open, 0, 30);
    for (let flight = 0; flight < 12; flight += 0.5) frame(shots, at(0, flight), standing("foe", 0, 700, 500));
    assert.equal(shots.counters.seenHits, 1);
    shots.registered(12);
    assert.deepEqual(shots.counters, { fired: 1, seenHits: 1, seenAndRegistered: 1, registeredUnseen: 0, takenBack: 0 });
    shots.registered(12);
    assert.deepEqual(shots.counters, { fired: 1, seenHits: 1, seenAndRegistered: 1, registeredUnseen: 0, takenBack: 0 }, "a repeated report counts once");
  });

  it("reports a seen hit the server never registered once the shot is forgotten, with the victim and where and when it was drawn", () => {
    const shots = new OwnShots();
    const misses: SeenMiss[] = [];
    shots.onSeenMiss = (miss) => misses.push(miss);
    const launch = eastward();
    shots.add(3, launch, 0, open, 0, 30);
    shots.add(4, launch, 0, open, 0, 30);
    for (let flight = 0; flight < 12; flight += 0.5) frame(shots, at(0, flight), standing("foe", 0, 700, 500));
    shots.registered(4);
    frame(shots, at(0, 200));
    assert.deepEqual(misses, [{ seq: 3, victim: "foe", seenTick: 30 + Math.ceil(touchFlight(launch, 700)), seenX: 700, seenY: 500 }], "only the unregistered one, once");
  });

  it("stops a shot still flying when the server registers a hit this screen did not show, and counts it as unseen", () => {
    const shots = new OwnShots();
    shots.add(5, eastward(), 0, open, 0, 30);
    assert.equal(frame(shots, at(0, 4)).length, 1);
    shots.registered(5);
    assert.equal(frame(shots, at(0, 4.5)).length, 0, "stopped");
    assert.deepEqual(shots.counters, { fired: 1, seenHits: 0, seenAndRegistered: 0, registeredUnseen: 1, takenBack: 0 });
    shots.registered(99);
    assert.equal(shots.counters.registeredUnseen, 1, "a shot never fired here counts nothing");
  });

  it("matches the server's shot number modulo 2^16, and forgets shots a while after they end", () => {
    const shots = new OwnShots();
    shots.add(0x10000 + 7, eastward(), 0, open, 0, 30);
    assert.equal(shots.owns(7), true);
    assert.equal(shots.owns(0x10000 + 7), false, "the server's number is 16 bits");
    assert.equal(shots.owns(8), false);
    shots.registered(7);
    assert.equal(shots.counters.registeredUnseen, 1);

    frame(shots, at(0, 1));
    assert.equal(shots.owns(7), true, "still known for a late report");
    frame(shots, at(0, PROJECTILE_LIFE_TICKS) + 3100);
    assert.equal(shots.owns(7), false, "forgotten seconds later");
  });

  it("forgets everything on clear()", () => {
    const shots = new OwnShots();
    shots.add(1, eastward(), 0, open, 0, 30);
    shots.clear();
    assert.equal(shots.owns(1), false);
    assert.equal(frame(shots, at(0, 1)).length, 0);
  });
});

/** The players' slots as a patch has them; shots name their owner by slot. */
const Slot = { SHOOTER: 1, BLUE: 2, ORANGE: 3, OTHER: 4, SELF: 9, GONE: 77 } as const;
const owners = new ShotOwners();
owners.update(new Map([
  ["shooter", { slot: Slot.SHOOTER, team: 0 }],
  ["blue", { slot: Slot.BLUE, team: 1 }],
  ["orange", { slot: Slot.ORANGE, team: 2 }],
  ["other", { slot: Slot.OTHER, team: 0 }],
  [SELF, { slot: Slot.SELF, team: 0 }],
]));
const ownerOf = (slot: number) => owners.of(slot);
const keepAll = () => false;

/** A shot as a SHOTS message at `tick` carries it: owner by slot, age in ticks, input number only for the own player's. */
const told = (id: number, launch: ProjectileLaunch, tick: number, owner: number = Slot.SHOOTER, shot?: number): ShotLaunched =>
  ({ id, owner, x0: launch.x0, y0: launch.y0, heading: launch.heading, age: tick - launch.spawnTick, ...(shot === undefined ? {} : { shot }) });

/** A SHOTS message at `tick` (the state's tick then too), with its shots launched and the ids it says stopped. */
function hear(shots: RemoteShots, tick: number, launched: [number, ProjectileLaunch, number?, number?][], stopped: number[] = [],
  map: ArenaMap = open, skip: (s: ShotLaunched) => boolean = keepAll): void {
  const message = { tick: tick & 0xffff, launched: launched.map(([id, launch, owner, shot]) => told(id, launch, tick, owner, shot)), stopped };
  shots.onShots(message, tick, map, ownerOf, skip);
}

function drawRemote(shots: RemoteShots, renderTick: number, targets: DrawnTarget[] = []): DrawnShot[] {
  const out: DrawnShot[] = [];
  shots.update(renderTick, targets, TRAIL, out);
  return out;
}

describe("OwnShots: taking back what the server did not fire", () => {
  it("takes back consumed shots after the server's latest fired one, and pending shots the replay no longer fires", () => {
    const shots = new OwnShots();
    for (const seq of [10, 20, 30, 40]) shots.add(seq, eastward(), 0, open, 1000, 50);
    // The server consumed up to input 32 and last fired with input 20: 30 never fired (the
    // player had died). Input 40 is still pending, and the replay says it no longer fires.
    shots.reconcile(32, 20, (seq) => (seq === 40 ? false : undefined));
    assert.equal(shots.counters.takenBack, 2);
    assert.equal(frame(shots, at(1000, 2)).length, 2, "10 and 20 still fly");
  });

  it("keeps pending shots the replay still fires, and reads input numbers across the 16-bit wrap", () => {
    const shots = new OwnShots();
    shots.add(0x10005, eastward(), 0, open, 1000, 50);
    shots.add(0x10009, eastward(), 0, open, 1000, 50);
    shots.reconcile(0x10006, 0x0005, (seq) => (seq === 0x10009 ? true : undefined));
    assert.equal(shots.counters.takenBack, 0);
    shots.reconcile(0x1000a, 0x0005, () => undefined);
    assert.equal(shots.counters.takenBack, 1, "input 0x10009 was consumed and is after the last fired shot");
  });
});

describe("RemoteShots", () => {
  it("draws others' shots on the render tick along their flight", () => {
    const shots = new RemoteShots();
    const launch = eastward(100);
    hear(shots, 101, [[1, launch, Slot.ORANGE]]);
    assert.equal(drawRemote(shots, 99.5).length, 0, "not before it was fired");
    const [drawn] = drawRemote(shots, 102.5);
    const head = projectilePosition(launch, 2.5, { x: 0, y: 0 });
    assert.ok(Math.abs(drawn.x - head.x) < 1e-9 && Math.abs(drawn.y - head.y) < 1e-9);
    assert.equal(drawn.own, false);
    assert.equal(drawn.team, 2);
  });

  it("keeps drawing a shot told stopped until the render tick reaches the tick it was told at", () => {
    const shots = new RemoteShots();
    const launch = eastward(100);
    hear(shots, 101, [[1, launch]]);
    hear(shots, 103, []);
    hear(shots, 105, [], [1]); // it hit someone between 103 and 105
    assert.equal(drawRemote(shots, 102).length, 1, "the render tick is behind the snapshots");
    assert.equal(drawRemote(shots, 104.9).length, 1);
    assert.equal(drawRemote(shots, 105).length, 0, "gone once the drawn moment reaches its stop");
    assert.equal(drawRemote(shots, 104.9).length, 0, "and forgotten");
  });

  it("stops a shot told stopped where it touches an enemy as drawn, but not one still flying", () => {
    const launch = eastward(100);
    const enemyX = launch.x0 + 4 * STEP_U;
    const enemy: DrawnTarget = { id: "victim", team: 0, x: enemyX, y: 500, alive: true };
    const touchAt = 100 + touchFlight(launch, enemyX);

    const flying = new RemoteShots();
    hear(flying, 101, [[1, launch]]);
    assert.equal(drawRemote(flying, touchAt + 0.5, [enemy]).length, 1, "still flying on the server: it did not hit, whatever this screen shows");

    const stopped = new RemoteShots();
    hear(stopped, 101, [[1, launch]]);
    hear(stopped, 108, [], [1]);
    assert.equal(drawRemote(stopped, touchAt - 0.5, [enemy]).length, 1, "flies up to the enemy");
    assert.equal(drawRemote(stopped, touchAt + 0.2, [enemy]).length, 0, "stops on touching it");
    assert.equal(drawRemote(stopped, touchAt + 0.4, []).length, 0, "for good");
  });

  it("a shot launched and stopped in one message flies up to its stop", () => {
    const launch = eastward(100);
    const shots = new RemoteShots();
    hear(shots, 102, [[1, launch]], [1]); // it landed before the first patch after its firing
    assert.equal(drawRemote(shots, 101).length, 1);
    assert.equal(drawRemote(shots, 102).length, 0);
  });

  it("is not stopped by its shooter, a teammate or a dead player", () => {
    const launch = eastward(100);
    const x = launch.x0 + 3 * STEP_U;
    const shots = new RemoteShots();
    hear(shots, 101, [[1, launch, Slot.BLUE]]);
    hear(shots, 110, [], [1]);
    const bystanders: DrawnTarget[] = [
      { id: "blue", team: 1, x, y: 500, alive: true },
      { id: "mate", team: 1, x, y: 500, alive: true },
      { id: "corpse", team: 2, x, y: 500, alive: false },
    ];
    for (let tick = 101; tick < 109; tick += 0.5) assert.equal(drawRemote(shots, tick, bystanders).length, 1, `at ${tick}`);
  });

  it("never draws a shot past the wall its flight ends on (the server does not say it ended there)", () => {
    const launch = eastward(100);
    const shots = new RemoteShots();
    hear(shots, 101, [[1, launch]], [], walled);
    const end = projectileEndTicks(launch, walled);
    assert.equal(drawRemote(shots, 100 + end - 0.1).length, 1);
    assert.equal(drawRemote(shots, 100 + end + 0.1).length, 0);
    assert.equal(drawRemote(shots, 100 + end + 0.2).length, 0);
  });

  it("leaves out the shots the skip predicate claims (the own predicted ones)", () => {
    const shots = new RemoteShots();
    hear(shots, 101, [[1, eastward(100), Slot.SELF, 42], [2, launchFrom({ x: 500, y: 800 }, 0, 100), Slot.OTHER]], [], open,
      (s) => s.owner === Slot.SELF && s.shot === 42);
    const drawn = drawRemote(shots, 102);
    assert.equal(drawn.length, 1);
    assert.ok(Math.abs(drawn[0].y - 800) < 1, "only the other player's shot");
  });

  it("flies a shot whose message tick wrapped past 2^16 from its real launch", () => {
    const launch = eastward(0x10000 + 4);
    const shots = new RemoteShots();
    hear(shots, 0x10000 + 5, [[1, launch]]);
    assert.equal(drawRemote(shots, 0x10000 + 3.5).length, 0, "not before it was fired");
    const [drawn] = drawRemote(shots, 0x10000 + 6.5);
    const head = projectilePosition(launch, 2.5, { x: 0, y: 0 });
    assert.ok(Math.abs(drawn.x - head.x) < 1e-9 && Math.abs(drawn.y - head.y) < 1e-9, `at flight 2.5: (${drawn.x}, ${drawn.y})`);
  });

  it("draws the shot of an owner who left the room as an enemy's, of no team", () => {
    const launch = eastward(100);
    const enemyX = launch.x0 + 4 * STEP_U;
    const touchAt = 100 + touchFlight(launch, enemyX);
    const shots = new RemoteShots();
    hear(shots, 101, [[1, launch, Slot.GONE]]);
    hear(shots, 110, [], [1]);
    const [drawn] = drawRemote(shots, 102);
    assert.equal(drawn.team, 0);
    assert.equal(drawn.own, false);
    const blue: DrawnTarget = { id: "blue", team: 1, x: enemyX, y: 500, alive: true };
    assert.equal(drawRemote(shots, touchAt + 0.2, [blue]).length, 0, "stopped by anyone it touches");
  });

  it("tells its listener of each shot it starts drawing and of each that stops early, once", () => {
    const shots = new RemoteShots();
    const heard: string[] = [];
    shots.listener = {
      launched: (s: HeardShot) => heard.push(`launched ${s.ownerId} ${s.team}`),
      stopped: (s: HeardShot) => heard.push(`stopped ${s.ownerId}`),
    };
    hear(shots, 101, [[1, eastward(100), Slot.BLUE], [2, eastward(100), Slot.SELF, 7]], [], open, (s) => s.shot === 7);
    hear(shots, 103, [], [1, 2, 99]); // 2 was skipped, 99 never heard of
    hear(shots, 104, [], [1]);
    assert.deepEqual(heard, ["launched blue 1", "stopped blue"]);
  });

  it("forgets everything on clear()", () => {
    const shots = new RemoteShots();
    hear(shots, 101, [[1, eastward(100)]]);
    shots.clear();
    assert.equal(drawRemote(shots, 102).length, 0);
  });
});

describe("unwrapTick", () => {
  it("reads a 16-bit tick as the one nearest the state's tick", () => {
    assert.equal(unwrapTick(100, 103), 100);
    assert.equal(unwrapTick(110, 103), 110);
    assert.equal(unwrapTick(0x1234, 5 * 0x10000 + 0x1240), 5 * 0x10000 + 0x1234);
  });

  it("across the wrap: a shot launched just before it, read just after, and the other way round", () => {
    assert.equal(unwrapTick(0xfffa, 0x10000 + 3), 0xfffa, "launched at 65530, now 65539");
    assert.equal(unwrapTick(2, 0xfffe), 0x10002, "launched at 65538 (a lag-compensated shot a hair ahead of the tick read)");
    assert.equal(unwrapTick(0xffff, 2 * 0x10000), 2 * 0x10000 - 1);
  });
});

describe("ShotOwners", () => {
  it("names a projectile's owner by slot, and nobody (an enemy of no team) for a slot no player holds", () => {
    assert.deepEqual(owners.of(Slot.BLUE), { id: "blue", team: 1 });
    assert.equal(owners.of(Slot.GONE), UNKNOWN_OWNER);
    assert.deepEqual(UNKNOWN_OWNER, { id: "", team: 0 });
    const fresh = new ShotOwners();
    fresh.update(new Map([["new", { slot: 0, team: 1 }]]));
    assert.equal(fresh.of(0), UNKNOWN_OWNER, "slot 0: not given yet");
  });
});
