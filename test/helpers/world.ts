import { MatchPhase } from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";
import type { ArenaMap } from "../../shared/sim/map.ts";
import type { MovingPlayer } from "../../shared/sim/types.ts";
import { ArenaGame, type InputSource, type ServerInput } from "../../server/game/ArenaGame.ts";

export const idle = (over: Partial<ServerInput> = {}): ServerInput => ({ mx: 0, my: 0, aim: 0, buttons: 0, ...over });

export const freshPlayer = (x: number, y: number): MovingPlayer =>
  ({ x, y, aim: 0, dashTicks: 0, dashCooldown: 0, fireCooldown: 0, rapidFireTicks: 0 });

/** A map with chosen obstacles and nothing else, for geometry-exact tests. */
export const openMap = (obstacles: ArenaMap["obstacles"] = []): ArenaMap =>
  ({ seed: 0, width: 2400, height: 2400, obstacles, spawnPoints: [{ x: 100, y: 100 }], pickupSpots: [] });

/** Scripted inputs per player, as over a perfect link: one input applied per tick while any are queued. */
export class ScriptedInputs implements InputSource {
  private readonly queues = new Map<string, ServerInput[]>();
  private readonly counts = new Map<string, number>();
  push(sessionId: string, ...frames: ServerInput[]): void {
    this.queues.set(sessionId, [...(this.queues.get(sessionId) ?? []), ...frames]);
  }
  due(sessionId: string): number {
    return Math.min(1, this.queues.get(sessionId)?.length ?? 0);
  }
  next(sessionId: string): ServerInput | undefined {
    const frame = this.queues.get(sessionId)?.shift();
    if (frame) this.counts.set(sessionId, (this.counts.get(sessionId) ?? 0) + 1);
    return frame;
  }
  consumed(sessionId: string): number {
    return this.counts.get(sessionId) ?? 0;
  }
}

/** A game already in its playing phase with the given players, stepping with scripted inputs. */
export function playingGame(sessionIds: string[], seed = 42, mode: "ffa" | "teams" = "ffa") {
  const game = new ArenaGame(new ArenaState(), { seed, mode });
  for (const id of sessionIds) game.addPlayer(id, id);
  const inputs = new ScriptedInputs();
  let guard = 0;
  while (game.state.phase !== MatchPhase.PLAYING) {
    game.step(inputs);
    if (++guard > 100_000) throw new Error("match never started");
  }
  return { game, inputs, state: game.state };
}
