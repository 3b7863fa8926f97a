import { hasBody } from "../../../shared/schema.ts";

export interface PlayerSnapshot {
  /** Where the state has the player; null while it is out of this client's view (the server does not say). */
  x: number | null;
  y: number | null;
  /** Whether this client is sent the player's position and health now (its own player: always). */
  inView: boolean;
  name: string;
  /** Null while out of view, like the position. */
  hp: number | null;
  alive: boolean;
  team: number;
  score: number;
  connected: boolean;
}

export interface StateSnapshot {
  players: Record<string, PlayerSnapshot>;
  phase: number;
  tick: number;
  mode: string;
  /** The winner the server named as the match ended (results phase): free-for-all player, or team. */
  winnerId: string;
  winnerName: string;
  winnerTeam: number;
}

/** A player of the live state: position and health are undefined while it is out of view. */
interface PlayerLike {
  x?: number;
  y?: number;
  hp?: number;
  name: string;
  alive: boolean;
  team: number;
  score: number;
  connected: boolean;
}

interface StateLike {
  phase: number;
  tick: number;
  mode: string;
  winnerId?: string;
  winnerName?: string;
  winnerTeam?: number;
  players: { forEach(cb: (player: PlayerLike, id: string) => void): void };
}

/** A plain, detached copy of what tests need from the live state. */
export function snapshotState(state: StateLike): StateSnapshot {
  const players: Record<string, PlayerSnapshot> = {};
  state.players.forEach((p, id) => {
    const inView = hasBody(p);
    players[id] = {
      x: inView ? p.x! : null, y: inView ? p.y! : null, inView, name: p.name, hp: p.hp ?? null,
      alive: p.alive, team: p.team, score: p.score, connected: p.connected,
    };
  });
  return {
    players, phase: state.phase, tick: state.tick, mode: state.mode,
    winnerId: state.winnerId ?? "", winnerName: state.winnerName ?? "", winnerTeam: state.winnerTeam ?? 0,
  };
}
