import { MatchPhase } from "../protocol.ts";

/** Players move and shoot while waiting (warm-up) and playing; countdown and results freeze them. */
export const phaseAllowsAction = (phase: number) => phase === MatchPhase.WAITING || phase === MatchPhase.PLAYING;

/** Friendly fire is off in teams mode (team 0 means no team: everyone is an enemy). */
export const areEnemies = (aTeam: number, bTeam: number) => aTeam === 0 || aTeam !== bTeam;

/**
 * The team that won a teams match from its kill totals (`teamScores[i]` is team i + 1's):
 * the one strictly ahead, or 0 for a draw (including no scores at all).
 */
export function teamsWinner(teamScores: ArrayLike<number>): number {
  let winner = 0, best = -Infinity, tied = false;
  for (let i = 0; i < teamScores.length; i++) {
    const score = teamScores[i] ?? 0;
    if (score > best) {
      best = score;
      winner = i + 1;
      tied = false;
    } else if (score === best) {
      tied = true;
    }
  }
  return tied ? 0 : winner;
}
