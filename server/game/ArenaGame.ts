import {
  ARENA_BASE_SIZE_U, KILLS_TO_WIN, MAX_REWIND_TICKS, NAME_MAX_LENGTH, PICKUP_RESPAWN_TICKS, PLAYER_MAX_HP, PROJECTILE_DAMAGE, PROJECTILE_LIFE_TICKS, RESPAWN_TICKS,
  TEAM_COUNT, TEAM_KILLS_TO_WIN, ticks,
} from "../../shared/constants.ts";
import { MatchPhase, type GameMode } from "../../shared/protocol.ts";
import { ArenaState, PickupState, PlayerState } from "../../shared/schema.ts";
import type { Point } from "../../shared/sim/geometry.ts";
import { generateMap, type ArenaMap } from "../../shared/sim/map.ts";
import { stepMovement } from "../../shared/sim/movement.ts";
import { createRng, type Rng } from "../../shared/sim/random.ts";
import { areEnemies, phaseAllowsAction } from "../../shared/sim/rules.ts";
import type { InputLike } from "../../shared/sim/types.ts";
import { launchFrom, projectileEndTicks, stepWeapon } from "../../shared/sim/weapon.ts";
import { truncateGraphemes } from "../../shared/text.ts";
import { applyDamage, creditKill, findProjectileHit, flightOf, flightSegment, type Flight, type Target } from "./combat.ts";
import { HISTORY_TICKS, PositionHistory, shotTimeline } from "./lagCompensation.ts";
import { matchWinner, nextPhase, phaseDuration, waitingEndTick } from "./match.ts";
import { applyPickup, canReachPickup, pickupKindForSpot } from "./pickups.ts";
import { FAIR_SPAWNS, type ShotPath, type SpawnRules } from "./spawn.ts";

/** An input as the server receives it: what the sim reads, plus the view tick of a firing frame. */
export type ServerInput = InputLike & { view?: number };

/**
 * Where the game pulls each player's inputs from: in production the room's input buffers
 * behind a playout buffer (inputPlayout.ts), which decides how many are due each tick.
 */
export interface InputSource {
  /** How many of the player's inputs to apply this tick; asked once per player per tick. */
  due(sessionId: string): number;
  /** The player's next queued input, or undefined when none is waiting. */
  next(sessionId: string): ServerInput | undefined;
  /** How many of the player's inputs have been consumed so far (the ack the client reconciles on). */
  consumed(sessionId: string): number;
}

/** What happened during a step that clients hear about beyond the state. */
export type GameEvent =
  | { type: "kill"; killer: string; victim: string }
  /** A shot landed (`damage` 0 on a spawn-protected target); `shot` is the owner's input number that fired it (mod 2^16). */
  | { type: "hit"; attacker: string; victim: string; damage: number; shot: number };

/** Projectile ids are 1–65535 (16 bits on the wire), far more than can be in the air at once. */
const PROJECTILE_ID_SPACE = 0x10000;
/**
 * A slot freed by a leaver is not handed to a newcomer for this long: clients name a shot's
 * owner by its slot, and the leaver's last shots may still be in the air (and on screens).
 */
const SLOT_REUSE_TICKS = PROJECTILE_LIFE_TICKS + MAX_REWIND_TICKS + ticks(1);
/** Slots are a byte on the wire (PlayerState.slot, a shot's owner). */
const MAX_SLOT = 0xff;

/** Scratch point for the pickup reach test: a pickup's position read once per step. */
const spot = { x: 0, y: 0 };

export interface ArenaGameOptions {
  seed: number;
  mode: GameMode;
  /** The arena's side (arenaSizeFor the room's seats); the base arena when not given. */
  arenaSize?: number;
  /** Where shots and their lag compensation are counted (the process metrics in production). */
  shotCounters?: ShotCounters;
  /** Patches per second: lag compensation reads past positions between patch ticks, as clients drew them. */
  patchRateHz?: number;
  /** Where fresh spawns appear and how long they are protected (the game's own rules unless a benchmark compares others). */
  spawnRules?: SpawnRules;
}

/** Shots fired, and those whose shooter lagged beyond what lag compensation covers. */
export interface ShotCounters {
  fired: number;
  beyondCompensation: number;
}

/**
 * The authoritative world: owns the schema state and advances it one fixed step per
 * call to step(). No sockets, no timers: a test drives it tick by tick.
 */
export class ArenaGame {
  readonly map: ArenaMap;
  private readonly rng: Rng;
  /** Where every living player was over the last ticks, for lag-compensated hit tests. */
  private readonly history: PositionHistory;
  private readonly shotCounters: ShotCounters;
  private readonly pickupReturnTick = new Map<number, number>();
  /** The projectiles in the air by id: what the hit test reads and what clients are sent (interest.ts). */
  private readonly flights = new Map<number, Flight>();
  /** Slots of players who left, with the tick they may be given again (SLOT_REUSE_TICKS). */
  private readonly slotsFreed = new Map<number, number>();
  /**
   * The players alive after this step's moves, and those that died recently enough to be alive
   * on a lagging shooter's screen, in state.players order; rebuilt every step.
   */
  private readonly targets: Target<PlayerState>[] = [];
  private nextProjectileId = 0;
  private readonly spawnRules: SpawnRules;
  /** Where fresh spawns may appear: the map's spawn points and open ground (spawn.ts). */
  private readonly spawnPoints: readonly Point[];

  constructor(readonly state: ArenaState, readonly options: ArenaGameOptions) {
    this.map = generateMap(options.seed, options.arenaSize ?? ARENA_BASE_SIZE_U);
    this.shotCounters = options.shotCounters ?? { fired: 0, beyondCompensation: 0 };
    this.history = new PositionHistory(options.patchRateHz);
    this.rng = createRng(options.seed ^ 0x5eed);
    this.spawnRules = options.spawnRules ?? FAIR_SPAWNS;
    this.spawnPoints = this.spawnRules.candidates(this.map);
    state.mapSeed = options.seed;
    state.arenaSize = this.map.width;
    state.mode = options.mode;
    state.phase = MatchPhase.WAITING;
    state.phaseEndsTick = state.tick + phaseDuration(MatchPhase.WAITING);
    if (options.mode === "teams") for (let t = 0; t < TEAM_COUNT; t++) state.teamScores.push(0);
    this.map.pickupSpots.forEach((spot, i) => {
      state.pickups.push(new PickupState({ kind: pickupKindForSpot(i), x: spot.x, y: spot.y, active: true }));
    });
  }

  /** Told of every shot as it is fired (the room's interest management sends it to the views it crosses). */
  onShotFired: ((shot: Readonly<Flight>) => void) | null = null;

  /** Whether `shot` is still in the air (false once it hit, ended, or a new match cleared it). */
  inFlight(shot: Readonly<Flight>): boolean {
    return this.flights.get(shot.id) === shot;
  }

  /** The projectiles in the air (for measuring tools and tests). */
  shots(): IterableIterator<Readonly<Flight>> {
    return this.flights.values();
  }

  /** How many projectiles are in the air. */
  get shotsInFlight(): number {
    return this.flights.size;
  }

  get playerCount(): number {
    return this.state.players.size;
  }

  addPlayer(sessionId: string, name: string): PlayerState {
    const player = new PlayerState({ name: this.uniqueName(name), team: this.teamForNewPlayer(), slot: this.freeSlot() });
    this.state.players.set(sessionId, player);
    if (this.state.phase !== MatchPhase.RESULTS) this.spawn(player);
    return player;
  }

  /** A dropped player keeps their seat, score and team while the room waits for them to come back. */
  setConnected(sessionId: string, connected: boolean): void {
    const player = this.state.players.get(sessionId);
    if (player) player.connected = connected;
  }

  removePlayer(sessionId: string): void {
    const player = this.state.players.get(sessionId);
    if (player) this.slotsFreed.set(player.slot, this.state.tick + SLOT_REUSE_TICKS);
    this.state.players.delete(sessionId);
    this.history.forget(sessionId);
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
    this.state.players.forEach((player, sessionId) => {
      const due = inputs.due(sessionId);
      for (let i = 0; i < due; i++) {
        const input = inputs.next(sessionId);
        if (!input) break;
        // Inputs in frozen phases or while dead are consumed (and acked) but move nothing:
        // the client's predictor applies the same rule.
        if (!acting || !player.alive) continue;
        stepMovement(player, input, this.map);
        if (stepWeapon(player, input)) {
          // Firing gives up the spawn protection: a protected player cannot fight unharmed.
          if (this.spawnRules.protectionEndsOnFire && player.protectedUntil > this.state.tick) player.protectedUntil = this.state.tick;
          this.fire(sessionId, player, input, inputs.consumed(sessionId));
        }
      }
      player.ack = inputs.consumed(sessionId);
    });
  }

  /** A reconnected client counts its inputs from zero again. */
  resetAck(sessionId: string): void {
    const player = this.state.players.get(sessionId);
    if (player) player.ack = 0;
  }

  /** `seq` is the owner's input number that fired; the shot is judged on the owner's timeline (lagCompensation.ts). */
  private fire(ownerId: string, owner: PlayerState, input: ServerInput, seq: number): void {
    const { rewindTicks, advanceTicks, beyondTicks } = shotTimeline(this.state.tick, input.view);
    this.shotCounters.fired++;
    if (beyondTicks > 0) this.shotCounters.beyondCompensation++;
    const launch = launchFrom(owner, input.aim, this.state.tick - advanceTicks);
    const id = this.freeProjectileId();
    owner.lastShot = seq & 0xffff;
    // The launch is wire-snapped already (launchFrom): exactly what clients fly.
    const flight = flightOf(id, { id: ownerId, slot: owner.slot, team: owner.team }, owner.lastShot, launch, projectileEndTicks(launch, this.map), rewindTicks);
    this.flights.set(id, flight);
    this.onShotFired?.(flight);
  }

  /**
   * Reads the players once per step into plain records, so the hit test of every projectile
   * and the reach test of every pickup scan an array instead of the MapSchema. The recently
   * dead stay in it: a lag-compensated shot can still meet them where its shooter saw them.
   */
  private refreshTargets(): void {
    const targets = this.targets;
    const tick = this.state.tick;
    let count = 0;
    // The records are reused step after step: the young generation's collections show in the tick's p99.
    this.state.players.forEach((player, id) => {
      const x = player.x, y = player.y;
      if (player.alive) this.history.record(id, tick, x, y);
      else if (player.respawnTick - RESPAWN_TICKS + HISTORY_TICKS <= tick) return;
      const target = targets[count++] ??= { id, team: 0, x: 0, y: 0, player };
      target.id = id;
      target.team = player.team;
      target.x = x;
      target.y = y;
      target.player = player;
    });
    targets.length = count;
  }

  private moveProjectiles(events: GameEvent[]): void {
    const { flights } = this;
    for (const shot of flights.values()) {
      if (this.flyProjectile(shot, events) || shot.testedTo >= shot.endTicks) flights.delete(shot.id);
    }
  }

  /**
   * Tests the flight up to where it is this tick, one step of flight at a time (a shot
   * launched ahead of the muzzle catches up on several), each against the targets where its
   * shooter saw them. Returns true when it hit someone.
   */
  private flyProjectile(shot: Flight, events: GameEvent[]): boolean {
    const tick = this.state.tick;
    const flown = Math.min(tick - shot.spawnTick, shot.endTicks);
    while (shot.testedTo < flown) {
      const from = Math.max(0, shot.testedTo);
      const to = Math.min(Math.floor(from) + 1, flown);
      shot.testedTo = to;
      const targetTick = shot.spawnTick + Math.ceil(to) - shot.rewindTicks;
      const hit = findProjectileHit(shot, from, to, this.targets, targetTick, tick, this.history);
      if (hit) {
        shot.landed = true;
        this.land(shot, hit.id, hit.player, events);
        return true;
      }
    }
    return false;
  }

  private land(shot: Flight, victimId: string, victim: PlayerState, events: GameEvent[]): void {
    const { state } = this;
    const before = victim.hp + victim.shield;
    const killed = applyDamage(victim, PROJECTILE_DAMAGE, state.tick);
    events.push({ type: "hit", attacker: shot.ownerId, victim: victimId, damage: before - victim.hp - victim.shield, shot: shot.shot });
    if (!killed) return;
    const killer = state.players.get(shot.ownerId);
    creditKill(killer);
    if (killer && killer.team > 0) state.teamScores[killer.team - 1]++;
    events.push({ type: "kill", killer: shot.ownerId, victim: victimId });
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
    // The server names the winner once, as the match ends; the results show it.
    if (next === MatchPhase.RESULTS) this.declareWinner();
    // The warm-up after a match starts from a clean slate, not the last match's scores.
    if (next === MatchPhase.WAITING) {
      this.clearScores();
      this.clearWinner();
    }
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
    this.flights.clear();
    // Warm-up kills do not count.
    this.clearScores();
    for (const player of state.players.values()) player.alive = false;
    for (const player of state.players.values()) this.spawn(player);
  }

  /** Free-for-all: the one player ranked first (none on a tie); teams: the team ahead (none on a draw). */
  private declareWinner(): void {
    const { state } = this;
    const winner = matchWinner(state.mode, state.players.entries(), state.teamScores);
    state.winnerId = winner.sessionId;
    state.winnerName = winner.name;
    state.winnerTeam = winner.team;
  }

  private clearWinner(): void {
    this.state.winnerId = "";
    this.state.winnerName = "";
    this.state.winnerTeam = 0;
  }

  /** Every player's score, kills and deaths, and the team totals, back to 0. */
  private clearScores(): void {
    const { state } = this;
    for (let t = 0; t < state.teamScores.length; t++) state.teamScores[t] = 0;
    for (const player of state.players.values()) player.kills = player.deaths = player.score = 0;
  }

  private spawn(player: PlayerState): void {
    const { state } = this;
    const enemies = [];
    for (const other of state.players.values()) {
      if (other !== player && other.alive && areEnemies(player.team, other.team)) enemies.push(other);
    }
    const point = this.spawnRules.choose(this.spawnPoints, { enemies, shots: this.enemyShots(player.team) }, this.map.obstacles, this.rng);
    player.x = point.x;
    player.y = point.y;
    player.hp = PLAYER_MAX_HP;
    player.shield = 0;
    player.alive = true;
    player.dashTicks = player.dashCooldown = player.fireCooldown = player.rapidFireTicks = 0;
    // Spawned for a match that starts after the countdown: protected from its first tick of play.
    const from = state.phase === MatchPhase.COUNTDOWN ? Math.max(state.tick, state.phaseEndsTick) : state.tick;
    player.protectedUntil = from + this.spawnRules.protectionTicks;
  }

  /** The rest of the flight of every shot in the air that could hurt a player of `team`. */
  private enemyShots(team: number): ShotPath[] {
    const paths: ShotPath[] = [];
    for (const shot of this.flights.values()) {
      const path = areEnemies(team, shot.team) ? flightSegment(shot, this.state.tick - shot.spawnTick, shot.endTicks) : null;
      if (path) paths.push(path);
    }
    return paths;
  }

  private uniqueName(wanted: string): string {
    const taken = new Set(Array.from(this.state.players.values(), (p) => p.name.toLowerCase()));
    if (!taken.has(wanted.toLowerCase())) return wanted;
    for (let n = 2; ; n++) {
      const suffix = ` ${n}`;
      const candidate = truncateGraphemes(wanted, NAME_MAX_LENGTH - suffix.length).trimEnd() + suffix;
      if (!taken.has(candidate.toLowerCase())) return candidate;
    }
  }

  /** Projectile ids count up through 1–65535 and wrap; one still in the air is skipped. */
  private freeProjectileId(): number {
    for (;;) {
      this.nextProjectileId = this.nextProjectileId % (PROJECTILE_ID_SPACE - 1) + 1;
      if (!this.flights.has(this.nextProjectileId)) return this.nextProjectileId;
    }
  }

  /**
   * The lowest player number no one in the room holds and no leaver's shots may still name
   * (a room holds at most MAX_PLAYERS_LIMIT; a slot waits at most SLOT_REUSE_TICKS).
   */
  private freeSlot(): number {
    const held = new Set(Array.from(this.state.players.values(), (p) => p.slot));
    const waiting = new Set<number>();
    for (const [slot, until] of this.slotsFreed) {
      if (until <= this.state.tick) this.slotsFreed.delete(slot);
      else waiting.add(slot);
    }
    let slot = 1;
    while (held.has(slot) || waiting.has(slot)) slot++;
    if (slot <= MAX_SLOT) return slot;
    // More churn within SLOT_REUSE_TICKS than a byte holds: a waiting slot rather than none.
    for (slot = 1; held.has(slot); slot++);
    return slot;
  }

  /** Teams mode puts a newcomer on the smaller team; free-for-all has no teams. */
  private teamForNewPlayer(): number {
    if (this.options.mode !== "teams") return 0;
    const sizes = new Array(TEAM_COUNT + 1).fill(0);
    for (const p of this.state.players.values()) sizes[p.team]++;
    return sizes[1] <= sizes[2] ? 1 : 2;
  }
}
