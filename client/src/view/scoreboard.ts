// The scoreboard's rows, decided without the DOM: everyone in the scoreboard order
// (shared/standings.ts), with their team, score, kills, deaths and connection.
import { sortStandings } from "../../../shared/standings.ts";
import { teamName } from "./teams.ts";

export interface ScoreboardSource {
  name: string;
  team: number;
  score: number;
  kills: number;
  deaths: number;
  connected: boolean;
}

export interface ScoreboardRow {
  sessionId: string;
  rank: number;
  name: string;
  /** 0 in free-for-all; 1 or 2 in teams mode. */
  team: number;
  /** "Blue", "Orange", or "" in free-for-all. */
  teamName: string;
  score: number;
  kills: number;
  deaths: number;
  connected: boolean;
  /** The local player's own row. */
  self: boolean;
}

/** Every player, in the scoreboard order: score desc, kills desc, deaths asc, name. */
export function scoreboardRows(players: { forEach(visit: (p: ScoreboardSource, id: string) => void): void }, selfId: string): ScoreboardRow[] {
  const byId = new Map<string, ScoreboardSource>();
  players.forEach((p, id) => byId.set(id, p));
  return sortStandings(byId.entries()).map((s) => {
    const p = byId.get(s.sessionId)!;
    return {
      sessionId: s.sessionId, rank: s.rank, name: s.name, team: p.team, teamName: teamName(p.team),
      score: s.score, kills: s.kills, deaths: s.deaths, connected: p.connected, self: s.sessionId === selfId,
    };
  });
}
