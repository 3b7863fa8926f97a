// Teams mode in words: team names, and who won.
import { TEAM_COUNT } from "../../../shared/constants.ts";

/** Index 0 is "no team" (free-for-all). The names match the team colours in palette.ts. */
const TEAM_NAMES = ["", "Blue", "Orange"] as const;

export function teamName(team: number): string {
  return TEAM_NAMES[team] ?? "";
}

/** Kills of team 1 and team 2; missing entries count as 0. */
export function teamTotals(teamScores: ArrayLike<number>): number[] {
  return Array.from({ length: TEAM_COUNT }, (_, i) => teamScores[i] ?? 0);
}

export interface TeamsOutcome {
  /** 1 or 2, or 0 for a draw. */
  winner: number;
  headline: string;
  /** "Blue 50 – 43 Orange" */
  score: string;
}

/**
 * The result of a teams match as the local player (on `myTeam`) should read it; `winner` is
 * the team the server named (ArenaState.winnerTeam: 1 or 2, 0 for a draw).
 */
export function teamsOutcome(teamScores: ArrayLike<number>, myTeam: number, winner: number): TeamsOutcome {
  const [first, second] = teamTotals(teamScores);
  const headline = winner === 0 ? "It's a draw" : winner === myTeam ? "Your team won!" : `${teamName(winner)} team wins`;
  return { winner, headline, score: `${teamName(1)} ${first} – ${second} ${teamName(2)}` };
}
