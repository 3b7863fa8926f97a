// The results' headline, from the winner the server named as the match ended (ArenaState's
// winnerId, winnerName and winnerTeam): the client never works the winner out itself.
import { teamsOutcome } from "./teams.ts";

export interface WinnerSource {
  mode: string;
  teamScores: ArrayLike<number>;
  winnerId: string;
  winnerName: string;
  winnerTeam: number;
}

export interface ResultsHeadline {
  text: string;
  /** The winning team (its colour), 0 for none. */
  team: number;
}

/** "You won the match!", "Ann wins", "Blue team wins · Blue 50 – 43 Orange", or a draw. */
export function resultsHeadline(state: WinnerSource, selfId: string, myTeam: number): ResultsHeadline {
  if (state.mode === "teams") {
    const outcome = teamsOutcome(state.teamScores, myTeam, state.winnerTeam);
    return { text: `${outcome.headline}  ·  ${outcome.score}`, team: outcome.winner };
  }
  if (state.winnerId === selfId && selfId !== "") return { text: "You won the match!", team: 0 };
  if (state.winnerName) return { text: `${state.winnerName} wins`, team: 0 };
  return { text: "It's a draw", team: 0 };
}
