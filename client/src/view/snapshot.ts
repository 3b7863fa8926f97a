export interface PlayerSnapshot {
  x: number;
  y: number;
  name: string;
  hp: number;
  alive: boolean;
}

export interface StateSnapshot {
  players: Record<string, PlayerSnapshot>;
  phase: number;
  tick: number;
}

interface StateLike {
  phase: number;
  tick: number;
  players: { forEach(cb: (player: PlayerSnapshot, id: string) => void): void };
}

/** A plain, detached copy of what tests need from the live state. */
export function snapshotState(state: StateLike): StateSnapshot {
  const players: Record<string, PlayerSnapshot> = {};
  state.players.forEach((p, id) => {
    players[id] = { x: p.x, y: p.y, name: p.name, hp: p.hp, alive: p.alive };
  });
  return { players, phase: state.phase, tick: state.tick };
}
