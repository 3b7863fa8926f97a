import {
  KILLS_TO_WIN, NAME_MAX_LENGTH, PICKUP_RESPAWN_TICKS, PLAYER_MAX_HP, PROJECTILE_DAMAGE, SPAWN_PROTECTION_TICKS,
  TEAM_COUNT, TEAM_KILLS_TO_WIN,
} from "../../shared/constants.ts";
import { MatchPhase, type GameMode } from "../../shared/protocol.ts";
import { ArenaState, PickupState, PlayerState, ProjectileState } from "../../shared/schema.ts";
import { generateMap, type ArenaMap } from "../../shared/sim/map.ts";
import { stepMovement } from "../../shared/sim/movement.ts";
import { createRng, type Rng } from "../../shared/sim/random.ts";
import { phaseAllowsAction } from "../../shared/sim/rules.ts";
import type { InputLike } from "../../shared/sim/types.ts";
import { isProjectileExpired, launchFrom, projectileWallTicks, stepWeapon } from "../../shared/sim/weapon.ts";
import { applyDamage, areEnemies, creditKill, findProjectileHit, flightOf, type Flight, type Target } from "./combat.ts";
import { nextPhase, phaseDuration, waitingEndTick } from "./match.ts";
import { applyPickup, canReachPickup, pickupKindForSpot } from "./pickups.ts";
import { chooseSpawnPoint } from "./spawn.ts";

/** Where the game pulls each player's queued inputs from (the room's input buffers in production). */
export interface InputSource {
  /** The player's next queued input, or undefined when none is waiting. */
  next(sessionId: string): InputLike | undefined;
  /** How many of the player's inputs have been consumed so far (the ack the client reconciles on). */
  consumed(sessionId: string): number;
}

/** What happened during a step that clients hear about beyond the state. */
export type GameEvent = { type: "kill"; killer: string; victim: string };

/**
 * Inputs a player may bank while none arrive; one is earned per tick. It absorbs network
 * jitter (a late burst still plays out) while capping a client that sends faster than
 * the tick rate at one step per tick on average (no speed hacks).
 */
export const MAX_INPUT_CREDIT = 4;

/** Scratch point for the pickup reach test: a pickup's position read once per step. */
const spot = { x: 0, y: 0 };

export interface ArenaGameOptions {
  seed: number;
  mode: GameMode;
}

/**
 * The authoritative world: owns the schema state and advances it one fixed step per
 * call to step(). No sockets, no timers: a test drives it tick by tick.
 */
export class ArenaGame {
  readonly map: ArenaMap;
  private readonly rng: Rng;
  private readonly credits = new Map<string, number>();
  private readonly pickupReturnTick = new Map<number, number>();
  /** One per projectile in state.projectiles, same ids and order: what the hit test reads. */
  private readonly flights = new Map<string, Flight>();
  /** The players alive after this step's moves, in state.players order; rebuilt every step. */
  private readonly targets: Target<PlayerState>[] = [];
  private nextProjectileId = 1;

  constructor(readonly state: ArenaState, readonly options: ArenaGameOptions) {
    this.map = generateMap(options.seed);
    this.rng = createRng(options.seed ^ 0x5eed);
    state.mapSeed = options.seed;
    state.mode = options.mode;
    state.phase = MatchPhase.WAITING;
    state.phaseEndsTick = state.tick + phaseDuration(MatchPhase.WAITING);
    if (options.mode === "teams") for (let t = 0; t < TEAM_COUNT; t++) state.teamScores.push(0);
    this.map.pickupSpots.forEach((spot, i) => {
      state.pickups.push(new PickupState({ kind: pickupKindForSpot(i), x: spot.x, y: spot.y, active: true }));
    });
  }

  get playerCount(): number {
    return this.state.players.size;
  }

  addPlayer(sessionId: string, name: string): PlayerState {
    const player = new PlayerState({ name: this.uniqueName(name), team: this.teamForNewPlayer() });
    this.state.players.set(sessionId, player);
    this.credits.set(sessionId, 0);
    if (this.state.phase !== MatchPhase.RESULTS) this.spawn(player);
    return player;
  }

  /** A dropped player keeps their seat, score and team while the room waits for them to come back. */
  setConnected(sessionId: string, connected: boolean): void {
    const player = this.state.players.get(sessionId);
    if (player) player.connected = connected;
  }

  removePlayer(sessionId: string): void {
    this.state.players.delete(sessionId);
    this.credits.delete(sessionId);
  }

  /** One fixed step of the whole world. */
  step(inputs: InputSource): GameEvent[] {
    const state = this.state;
    state.tick++;
    const events: GameEvent[] = [];
    this.advancePhase();
    this.applyInputs(inputs);
    this.refreshTargets();
    this.moveProjectiles(events);
    this.collectPickups();
    this.respawnPlayers();
    return events;
  }

  private applyInputs(inputs: InputSource): void {
    const acting = phaseAllowsAction(this.state.phase);
    for (const [sessionId, player] of this.state.players) {
      let credit = Math.min(MAX_INPUT_CREDIT, (this.credits.get(sessionId) ?? 0) + 1);
      for (let input; credit >= 1 && (input = inputs.next(sessionId)); credit--) {
        // Inputs in frozen phases or while dead are consumed (and acked) but move nothing:
        // the client's predictor applies the same rule.
        if (!acting || !player.alive) continue;
        stepMovement(player, input, this.map);
        if (stepWeapon(player, input)) this.fire(sessionId, player, input.aim);
      }
      this.credits.set(sessionId, credit);
      player.ack = inputs.consumed(sessionId);
    }
  }

  private fire(ownerId: string, owner: PlayerState, aim: number): void {
    const launch = launchFrom(owner, aim, this.state.tick);
    const id = String(this.nextProjectileId++);
    const shot = new ProjectileState({ ownerId, team: owner.team, ...launch });
    this.state.projectiles.set(id, shot);
    // From the schema's (wire-snapped) fields, exactly what the hit test has always read.
    this.flights.set(id, flightOf(shot, projectileWallTicks(launch, this.map)));
  }

  /**
   * Reads the living players once per step into plain records, so the hit test of every
   * projectile and the reach test of every pickup scan an array instead of the MapSchema.
   */
  private refreshTargets(): void {
    const targets = this.targets;
    targets.length = 0;
    for (const [id, player] of this.state.players) {
      if (player.alive) targets.push({ id, team: player.team, x: player.x, y: player.y, player });
    }
  }

  private moveProjectiles(events: GameEvent[]): void {
    const { state, flights } = this;
    const tick = state.tick;
    for (const [id, shot] of flights) {
      const hit = findProjectileHit(shot, tick, this.targets);
      if (hit && applyDamage(hit.player, PROJECTILE_DAMAGE, tick)) {
        const killer = state.players.get(shot.ownerId);
        creditKill(killer);
        if (killer && killer.team > 0) state.teamScores[killer.team - 1]++;
        events.push({ type: "kill", killer: shot.ownerId, victim: hit.id });
      }
      if (hit || tick - shot.spawnTick >= shot.wallTicks || isProjectileExpired(shot, tick)) {
        state.projectiles.delete(id);
        flights.delete(id);
      }
    }
  }

  private collectPickups(): void {
    let index = 0;
    for (const pickup of this.state.pickups) this.collectPickup(pickup, index++);
  }

  /** The first living player in reach that the pickup would do something for takes it. */
  private collectPickup(pickup: PickupState, index: number): void {
    const { state, targets } = this;
    if (!pickup.active) {
      if (state.tick >= (this.pickupReturnTick.get(index) ?? 0)) pickup.active = true;
      return;
    }
    spot.x = pickup.x;
    spot.y = pickup.y;
    for (let i = 0; i < targets.length; i++) {
      const target = targets[i];
      if (canReachPickup(target, spot) && target.player.alive && applyPickup(target.player, pickup.kind)) {
        pickup.active = false;
        this.pickupReturnTick.set(index, state.tick + PICKUP_RESPAWN_TICKS);
        return;
      }
    }
  }

  private respawnPlayers(): void {
    if (!phaseAllowsAction(this.state.phase)) return;
    for (const player of this.state.players.values()) {
      if (!player.alive && this.state.tick >= player.respawnTick) this.spawn(player);
    }
  }

  private advancePhase(): void {
    const { state } = this;
    if (state.phase === MatchPhase.WAITING) state.phaseEndsTick = waitingEndTick(state, this.playerCount);
    const next = nextPhase(state, this.playerCount, this.leaderReachedGoal());
    if (next === null) return;
    state.phase = next;
    state.phaseEndsTick = state.tick + phaseDuration(next);
    if (next === MatchPhase.COUNTDOWN) this.startMatch();
  }

  /** Free-for-all ends at KILLS_TO_WIN for a player, teams at TEAM_KILLS_TO_WIN for a team. */
  private leaderReachedGoal(): boolean {
    if (this.options.mode === "teams") return this.state.teamScores.some((score) => score >= TEAM_KILLS_TO_WIN);
    for (const p of this.state.players.values()) if (p.kills >= KILLS_TO_WIN) return true;
    return false;
  }

  /** A new match: clean slate for everyone, fresh spawns, no shots in flight. */
  private startMatch(): void {
    const { state } = this;
    state.matchNumber++;
    state.projectiles.clear();
    this.flights.clear();
    for (let t = 0; t < state.teamScores.length; t++) state.teamScores[t] = 0;
    for (const player of state.players.values()) {
      player.kills = player.deaths = player.score = 0;
      player.alive = false;
    }
    for (const player of state.players.values()) this.spawn(player);
  }

  private spawn(player: PlayerState): void {
    const enemies = [];
    for (const other of this.state.players.values()) {
      if (other !== player && other.alive && areEnemies(player.team, other.team)) enemies.push(other);
    }
    const point = chooseSpawnPoint(this.map.spawnPoints, enemies, this.rng);
    player.x = point.x;
    player.y = point.y;
    player.hp = PLAYER_MAX_HP;
    player.shield = 0;
    player.alive = true;
    player.dashTicks = player.dashCooldown = player.fireCooldown = player.rapidFireTicks = 0;
    player.protectedUntil = this.state.tick + SPAWN_PROTECTION_TICKS;
  }

  private uniqueName(wanted: string): string {
    const taken = new Set(Array.from(this.state.players.values(), (p) => p.name.toLowerCase()));
    if (!taken.has(wanted.toLowerCase())) return wanted;
    for (let n = 2; ; n++) {
      const suffix = ` ${n}`;
      const candidate = Array.from(wanted).slice(0, NAME_MAX_LENGTH - suffix.length).join("") + suffix;
      if (!taken.has(candidate.toLowerCase())) return candidate;
    }
  }

  /** Teams mode puts a newcomer on the smaller team; free-for-all has no teams. */
  private teamForNewPlayer(): number {
    if (this.options.mode !== "teams") return 0;
    const sizes = new Array(TEAM_COUNT + 1).fill(0);
    for (const p of this.state.players.values()) sizes[p.team]++;
    return sizes[1] <= sizes[2] ? 1 : 2;
  }
}
