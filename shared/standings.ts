// The scoreboard's order, one definition for the server (who won) and the client (the
// scoreboard and the results): score, then kills, then fewest deaths, then name.

export interface StandingSource {
  name: string;
  score: number;
  kills: number;
  deaths: number;
}

export interface Standing extends StandingSource {
  sessionId: string;
  /** 1 for the leader; players tied on score, kills and deaths share a rank (1, 2, 2, 4). */
  rank: number;
}

/** The scoreboard order of two players: score desc, kills desc, deaths asc, name, then session id (stable). */
export function compareStandings(a: StandingSource & { sessionId: string }, b: StandingSource & { sessionId: string }): number {
  return b.score - a.score || b.kills - a.kills || a.deaths - b.deaths || a.name.localeCompare(b.name) ||
    (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0);
}

/**
 * Players ordered by score, then kills, then fewest deaths, then name. Players tied on
 * score, kills and deaths share a rank (1, 2, 2, 4).
 */
export function sortStandings(players: Iterable<[string, StandingSource]>): Standing[] {
  const rows = Array.from(players, ([sessionId, p]) => ({
    sessionId, name: p.name, score: p.score, kills: p.kills, deaths: p.deaths, rank: 0,
  }));
  rows.sort(compareStandings);
  rows.forEach((row, i) => {
    const previous = rows[i - 1];
    const tied = previous && previous.score === row.score && previous.kills === row.kills && previous.deaths === row.deaths;
    row.rank = tied ? previous.rank : i + 1;
  });
  return rows;
}

/** The free-for-all winner: the one player ranked first, or null when several share first place (or nobody played). */
export function soleLeader(standings: readonly Standing[]): Standing | null {
  const [first, second] = standings;
  if (!first) return null;
  return second && second.rank === first.rank ? null : first;
}
