export interface PlayerSnapshot {
  x: number;
  y: number;
  name: string;
  hp: number;
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

interface StateLike {
  phase: number;
  tick: number;
  mode: string;
  winnerId?: string;
  winnerName?: string;
  winnerTeam?: number;
  players: { forEach(cb: (player: PlayerSnapshot, id: string) => void): void };
}

/** A plain, detached copy of what tests need from the live state. */
export function snapshotState(state: StateLike): StateSnapshot {
  const players: Record<string, PlayerSnapshot> = {};
  state.players.forEach((p, id) => {
    players[id] = { x: p.x, y: p.y, name: p.name, hp: p.hp, alive: p.alive, team: p.team, score: p.score, connected: p.connected };
  });
  return {
    players, phase: state.phase, tick: state.tick, mode: state.mode,
    winnerId: state.winnerId ?? "", winnerName: state.winnerName ?? "", winnerTeam: state.winnerTeam ?? 0,
  };
}
