// A bot's seeded policy: wander, strafe around the nearest enemy while shooting at it,
// and now and then walk to a pickup. Given the same seed and the same observations it
// makes the same choices; it reads state the way the browser client does and never
// touches sockets or clocks. A player outside the bot's view area has no position in its
// state (interest management leaves x and y undefined): it is not a target.
import { PLAYER_RADIUS_U, SHOT_RANGE_U, TICK_HZ } from "../shared/constants.ts";
import { circleIntersectsRect } from "../shared/sim/geometry.ts";
import type { ArenaMap } from "../shared/sim/map.ts";
import { createRng, type Rng } from "../shared/sim/random.ts";
import { areEnemies, phaseAllowsAction } from "../shared/sim/rules.ts";
import { Button, type InputLike } from "../shared/sim/types.ts";

export interface PlayerView {
  /**
   * Typed as the schema types them, but undefined at run time while the player is outside
   * this client's view area: read them only after isPlaced().
   */
  x: number;
  y: number;
  alive: boolean;
  team: number;
}

/** Whether this client can see the player's position (a far player's x and y are undefined). */
const isPlaced = (p: PlayerView): boolean => Number.isFinite(p.x) && Number.isFinite(p.y);

export interface PickupView {
  x: number;
  y: number;
  active: boolean;
}

/** What a bot sees: structural, so schema collections and plain Maps/arrays both fit. */
export interface Observation {
  selfId: string;
  phase: number;
  map: ArenaMap;
  players: {
    get(id: string): PlayerView | undefined;
    forEach(visit: (player: PlayerView, id: string) => void): void;
  };
  pickups: { forEach(visit: (pickup: PickupView, index: number) => void): void };
}

const FIRE_RANGE_U = SHOT_RANGE_U * 0.9;
const ENGAGE_RANGE_U = 650;
const CLOSE_IN_BEYOND_U = 420;
const BACK_OFF_WITHIN_U = 180;
const GOAL_REACHED_U = 50;
/** How far ahead a direction is checked for walls. */
export const LOOKAHEAD_U = 40;
const PICKUP_CHANCE = 0.3;
const DASH_CHANCE_PER_TICK = 0.01;
const AIM_WOBBLE_RAD = 0.06;
/** Ticks between progress checks; a bot that moved less than STUCK_DISTANCE_U picks a new goal. */
const STUCK_CHECK_TICKS = 45;
const STUCK_DISTANCE_U = 8;

/** The eight directions an input can move in, as axis pairs, by octant (0 = +x, counter-clockwise in screen y-down terms). */
const OCTANTS: readonly (readonly [number, number])[] = Array.from({ length: 8 }, (_, i) => {
  const a = (i * Math.PI) / 4;
  return [Math.round(Math.cos(a)), Math.round(Math.sin(a))] as const;
});

type Goal = { kind: "wander" | "pickup"; x: number; y: number; ticksLeft: number };

export class Brain {
  private readonly rng: Rng;
  private goal: Goal | undefined;
  private strafeSign = 1;
  private strafeTicks = 0;
  /** Which way to try first when the wanted direction is blocked, so bots don't dither. */
  private readonly turnSign: number;
  private stuckCheckIn = STUCK_CHECK_TICKS;
  private stuckX = NaN;
  private stuckY = NaN;

  constructor(seed: number) {
    this.rng = createRng(seed);
    this.turnSign = this.rng.next() < 0.5 ? 1 : -1;
  }

  /** Writes this tick's input into `out` (mx, my, aim, buttons). */
  decide(view: Observation, out: InputLike): void {
    out.mx = 0;
    out.my = 0;
    out.buttons = 0;
    const self = view.players.get(view.selfId);
    // The own position always flows; without it (not yet decoded) there is nothing to steer by.
    if (!self || !self.alive || !isPlaced(self) || !phaseAllowsAction(view.phase)) {
      this.goal = undefined;
      return;
    }

    const enemy = nearestEnemy(view, self);
    const heading = enemy && enemy.distance < ENGAGE_RANGE_U ? this.strafeHeading(self, enemy) : this.goalHeading(view, self);
    this.noteProgress(self);

    const octant = heading === undefined ? -1 : this.freeOctant(view.map, self, heading);
    if (octant >= 0) [out.mx, out.my] = OCTANTS[octant];

    if (enemy) {
      out.aim = Math.atan2(enemy.y - self.y, enemy.x - self.x) + (this.rng.next() * 2 - 1) * AIM_WOBBLE_RAD;
      if (enemy.distance < FIRE_RANGE_U) out.buttons |= Button.FIRE;
    } else if (heading !== undefined) {
      out.aim = heading;
    }
    if (octant >= 0 && this.rng.next() < DASH_CHANCE_PER_TICK) out.buttons |= Button.DASH;
  }

  /** Circle the enemy, closing in when far and backing off when near; flip direction now and then. */
  private strafeHeading(self: PlayerView, enemy: { x: number; y: number; distance: number }): number {
    if (--this.strafeTicks <= 0) {
      this.strafeSign = this.rng.next() < 0.5 ? 1 : -1;
      this.strafeTicks = this.rng.int(10, 45);
    }
    const toEnemy = Math.atan2(enemy.y - self.y, enemy.x - self.x);
    const offset = enemy.distance > CLOSE_IN_BEYOND_U ? Math.PI / 3 : enemy.distance < BACK_OFF_WITHIN_U ? (2 * Math.PI) / 3 : Math.PI / 2;
    return toEnemy + this.strafeSign * offset;
  }

  private goalHeading(view: Observation, self: PlayerView): number | undefined {
    let goal = this.goal;
    if (goal && (--goal.ticksLeft <= 0 || Math.hypot(goal.x - self.x, goal.y - self.y) < GOAL_REACHED_U)) goal = undefined;
    if (goal?.kind === "pickup" && !pickupStillThere(view, goal)) goal = undefined;
    this.goal = goal ??= this.chooseGoal(view, self);
    return Math.atan2(goal.y - self.y, goal.x - self.x);
  }

  private chooseGoal(view: Observation, self: PlayerView): Goal {
    const ticksLeft = this.rng.int(3 * TICK_HZ, 8 * TICK_HZ);
    if (this.rng.next() < PICKUP_CHANCE) {
      const pickup = nearestActivePickup(view, self);
      if (pickup) return { kind: "pickup", x: pickup.x, y: pickup.y, ticksLeft };
    }
    // A few tries for open ground; an occasional goal inside a wall just means sliding along it.
    let x = 0, y = 0;
    for (let attempt = 0; attempt < 8; attempt++) {
      x = this.rng.range(PLAYER_RADIUS_U * 3, view.map.width - PLAYER_RADIUS_U * 3);
      y = this.rng.range(PLAYER_RADIUS_U * 3, view.map.height - PLAYER_RADIUS_U * 3);
      if (isOpen(view.map, x, y)) break;
    }
    return { kind: "wander", x, y, ticksLeft };
  }

  /** Every few seconds: if the bot barely moved, it is stuck on a wall; pick a new goal and flip strafe. */
  private noteProgress(self: PlayerView): void {
    if (--this.stuckCheckIn > 0) return;
    this.stuckCheckIn = STUCK_CHECK_TICKS;
    if (Math.hypot(self.x - this.stuckX, self.y - this.stuckY) < STUCK_DISTANCE_U) {
      this.goal = undefined;
      this.strafeSign = -this.strafeSign;
    }
    this.stuckX = self.x;
    this.stuckY = self.y;
  }

  /** The octant nearest `heading` whose next few units are clear of walls, or -1 if boxed in. */
  private freeOctant(map: ArenaMap, self: PlayerView, heading: number): number {
    const wanted = Math.round(heading / (Math.PI / 4));
    for (let turn = 0; turn <= 4; turn++) {
      for (const side of turn === 0 || turn === 4 ? [1] : [this.turnSign, -this.turnSign]) {
        const octant = (((wanted + side * turn) % 8) + 8) % 8;
        const [dx, dy] = OCTANTS[octant];
        const scale = LOOKAHEAD_U / Math.hypot(dx, dy);
        if (isOpen(map, self.x + dx * scale, self.y + dy * scale)) return octant;
      }
    }
    return -1;
  }
}

function isOpen(map: ArenaMap, x: number, y: number): boolean {
  if (x < PLAYER_RADIUS_U || y < PLAYER_RADIUS_U || x > map.width - PLAYER_RADIUS_U || y > map.height - PLAYER_RADIUS_U) return false;
  for (const rect of map.obstacles) if (circleIntersectsRect(x, y, PLAYER_RADIUS_U, rect)) return false;
  return true;
}

/** The nearest living enemy this client can see; far players (no position) are left out. */
function nearestEnemy(view: Observation, self: PlayerView): { x: number; y: number; distance: number } | undefined {
  let best: PlayerView | undefined;
  let bestSq = Infinity;
  view.players.forEach((p, id) => {
    if (id === view.selfId || !p.alive || !isPlaced(p) || !areEnemies(self.team, p.team)) return;
    const d = (p.x - self.x) ** 2 + (p.y - self.y) ** 2;
    if (d < bestSq) { bestSq = d; best = p; }
  });
  const found = best as PlayerView | undefined;
  return found && { x: found.x, y: found.y, distance: Math.sqrt(bestSq) };
}

function nearestActivePickup(view: Observation, self: PlayerView): PickupView | undefined {
  let best: PickupView | undefined;
  let bestSq = Infinity;
  view.pickups.forEach((p) => {
    if (!p.active) return;
    const d = (p.x - self.x) ** 2 + (p.y - self.y) ** 2;
    if (d < bestSq) { bestSq = d; best = p; }
  });
  return best;
}

function pickupStillThere(view: Observation, goal: Goal): boolean {
  let there = false;
  view.pickups.forEach((p) => { if (p.active && p.x === goal.x && p.y === goal.y) there = true; });
  return there;
}
