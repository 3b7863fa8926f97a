// A busy match without sockets: load-bot brains (loadbots/brain.ts, read-only) play the
// authoritative ArenaGame directly, one input per tick each, as fast as the CPU allows and
// exactly reproducible for a seed. What the network adds is modelled: each bot sees the others
// as they were `latencyTicks` ago (round trip plus interpolation, like a client), and its shots
// claim that view, so the server judges them with its lag compensation as it would a remote
// bot's. Used by the benchmarks that need play rather than sockets (spawns, wire).
import { encodeViewTick, type GameMode } from "../shared/protocol.ts";
import { ArenaState } from "../shared/schema.ts";
import { arenaSizeFor } from "../shared/sim/map.ts";
import { Button, type InputLike } from "../shared/sim/types.ts";
import { ArenaGame, type GameEvent, type InputSource, type ServerInput } from "../server/game/ArenaGame.ts";
import type { SpawnRules } from "../server/game/spawn.ts";
import { Brain, type Observation, type PlayerView } from "../loadbots/brain.ts";

export interface BotMatchOptions {
  players: number;
  seed: number;
  mode: GameMode;
  latencyTicks: number;
  /** The arena's side; by default the one a room with a seat per bot gets. */
  arenaSize?: number;
  spawnRules?: SpawnRules;
  /** Sees each bot's decision before it is sent, and may change it (e.g. hold fire). */
  adjust?(id: string, decision: InputLike, seen: Observation): void;
  /**
   * Inputs recorded from an earlier match of the same options (`inputs` after each step):
   * the bots then do not think, and the steps replay that match exactly, so a benchmark can
   * time the server's work (and its garbage) without the bots'.
   */
  replay?: readonly (readonly ServerInput[])[];
}

export interface BotMatch {
  readonly game: ArenaGame;
  readonly state: ArenaState;
  readonly ids: readonly string[];
  /** The bots that fired during the last step. */
  readonly firing: ReadonlySet<string>;
  /** Advances the game one tick, every bot sending one input. */
  step(): GameEvent[];
  /** How long the last step took the game itself (the bots' decisions before it not counted). */
  readonly stepMs: number;
  /** The inputs of the last step, one per bot in `ids` order (reused: copy them to keep them). */
  readonly inputs: readonly ServerInput[];
}

/** The bots' ids are `bot0`…`bot<n-1>`, in the order they joined. */
export function botMatch(options: BotMatchOptions): BotMatch {
  const state = new ArenaState();
  // A full room: its arena is sized for as many seats as it has bots.
  const game = new ArenaGame(state, { seed: options.seed, mode: options.mode, arenaSize: options.arenaSize ?? arenaSizeFor(options.players), spawnRules: options.spawnRules });
  const ids = Array.from({ length: options.players }, (_, i) => `bot${i}`);
  const brains = new Map(ids.map((id, i) => [id, new Brain(options.seed * 1000 + i)]));
  for (const id of ids) game.addPlayer(id, id);
  const world = new DelayedWorld(options.latencyTicks);
  const consumed = new Map<string, number>();
  const decision: InputLike = { mx: 0, my: 0, aim: 0, buttons: 0 };
  const firing = new Set<string>();

  const observation = (selfId: string): Observation => {
    const seen = world.seen(state.tick + 1); // asked before the step that makes it tick + 1
    const self = state.players.get(selfId);
    return {
      selfId, phase: state.phase, map: game.map, pickups: state.pickups,
      players: {
        // A client predicts itself: its own position is live, everyone else's is late.
        get: (id) => (id === selfId ? self : seen.get(id)),
        forEach: (visit) => seen.forEach((p, id) => visit(id === selfId && self ? self : p, id)),
      },
    };
  };
  // Every bot decides first, then the game steps: the step's time is the server's alone.
  const frames = new Map(ids.map((id) => [id, { mx: 0, my: 0, aim: 0, buttons: 0, view: 0 } as ServerInput]));
  const decideAll = () => {
    for (const id of ids) {
      const seen = observation(id);
      brains.get(id)!.decide(seen, decision);
      options.adjust?.(id, decision, seen);
      const frame = frames.get(id)!;
      frame.mx = decision.mx; frame.my = decision.my; frame.aim = decision.aim; frame.buttons = decision.buttons;
      frame.view = decision.buttons & Button.FIRE ? encodeViewTick(Math.max(0, state.tick + 1 - options.latencyTicks)) : 0;
      if (decision.buttons & Button.FIRE) firing.add(id);
    }
  };
  const replayAll = (step: number) => {
    const recorded = options.replay![step];
    if (!recorded) throw new Error(`the recording ends after ${step} steps`);
    ids.forEach((id, i) => {
      Object.assign(frames.get(id)!, recorded[i]);
      if (recorded[i].buttons & Button.FIRE) firing.add(id);
    });
  };
  const inputs: InputSource = {
    due: () => 1,
    next(id) {
      consumed.set(id, (consumed.get(id) ?? 0) + 1);
      return frames.get(id);
    },
    consumed: (id) => consumed.get(id) ?? 0,
  };
  let steps = 0;
  const match = {
    game, state, ids, firing, stepMs: 0, inputs: ids.map((id) => frames.get(id)!),
    step() {
      firing.clear();
      if (options.replay) replayAll(steps++);
      else decideAll();
      const started = performance.now();
      const events = game.step(inputs);
      match.stepMs = performance.now() - started;
      // What the bots see next: a replay's bots do not look (and its garbage would be timed as the server's).
      if (!options.replay) world.record(state.tick, state.players);
      return events;
    },
  };
  return match;
}

/** What each bot saw: positions of everyone, `latencyTicks` old. */
class DelayedWorld {
  private readonly ring: Map<string, PlayerView>[];
  constructor(latencyTicks: number) {
    this.ring = Array.from({ length: latencyTicks + 1 }, () => new Map());
  }
  record(tick: number, players: ArenaState["players"]): void {
    const slot = this.ring[tick % this.ring.length];
    slot.clear();
    players.forEach((p, id) => slot.set(id, { x: p.x, y: p.y, alive: p.alive, team: p.team }));
  }
  /** The world as seen at `tick` (the oldest kept snapshot). */
  seen(tick: number): Map<string, PlayerView> {
    return this.ring[(tick + 1) % this.ring.length];
  }
}
