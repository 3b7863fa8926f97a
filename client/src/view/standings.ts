export interface StandingSource {
  name: string;
  score: number;
  kills: number;
  deaths: number;
}

export interface Standing extends StandingSource {
  sessionId: string;
  rank: number;
}

/**
 * Players ordered by score, then kills, then fewest deaths, then name. Players tied on
 * score, kills and deaths share a rank (1, 2, 2, 4).
 */
export function sortStandings(players: Iterable<[string, StandingSource]>): Standing[] {
  const rows = Array.from(players, ([sessionId, p]) => ({
    sessionId, name: p.name, score: p.score, kills: p.kills, deaths: p.deaths, rank: 0,
  }));
  rows.sort((a, b) =>
    b.score - a.score || b.kills - a.kills || a.deaths - b.deaths || a.name.localeCompare(b.name) ||
    (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0));
  rows.forEach((row, i) => {
    const previous = rows[i - 1];
    const tied = previous && previous.score === row.score && previous.kills === row.kills && previous.deaths === row.deaths;
    row.rank = tied ? previous.rank : i + 1;
  });
  return rows;
}
