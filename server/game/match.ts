import {
  COUNTDOWN_TICKS, MATCH_TICKS, MIN_PLAYERS_TO_START, RESULTS_TICKS,
  WAITING_GRACE_TICKS, WAITING_MAX_TICKS,
} from "../../shared/constants.ts";
import { MatchPhase } from "../../shared/protocol.ts";
import { soleLeader, sortStandings, type StandingSource } from "../../shared/standings.ts";
import { teamsWinner } from "../../shared/sim/rules.ts";

export interface MatchClock {
  phase: number;
  tick: number;
  phaseEndsTick: number;
}

/**
 * The match phase machine: waiting → countdown → playing → results → waiting.
 * Returns the phase to enter now, or null to stay. Pure: the caller applies entry effects.
 */
export function nextPhase(m: MatchClock, playerCount: number, goalReached: boolean): MatchPhase | null {
  const due = m.tick >= m.phaseEndsTick;
  switch (m.phase) {
    case MatchPhase.WAITING: return due && playerCount > 0 ? MatchPhase.COUNTDOWN : null;
    case MatchPhase.COUNTDOWN: return playerCount === 0 ? MatchPhase.WAITING : due ? MatchPhase.PLAYING : null;
    case MatchPhase.PLAYING: return due || goalReached || playerCount === 0 ? MatchPhase.RESULTS : null;
    case MatchPhase.RESULTS: return due ? MatchPhase.WAITING : null;
    default: return MatchPhase.WAITING;
  }
}

/** How long a phase lasts from entry. */
export function phaseDuration(phase: MatchPhase): number {
  switch (phase) {
    case MatchPhase.WAITING: return WAITING_MAX_TICKS;
    case MatchPhase.COUNTDOWN: return COUNTDOWN_TICKS;
    case MatchPhase.PLAYING: return MATCH_TICKS;
    case MatchPhase.RESULTS: return RESULTS_TICKS;
  }
}

/**
 * While waiting, company shortens the wait to a short grace; an empty room waits on.
 * Returns the new end tick of the waiting phase.
 */
export function waitingEndTick(m: MatchClock, playerCount: number): number {
  if (playerCount === 0) return m.tick + WAITING_MAX_TICKS;
  if (playerCount >= MIN_PLAYERS_TO_START) return Math.min(m.phaseEndsTick, m.tick + WAITING_GRACE_TICKS);
  return m.phaseEndsTick;
}

/** Who won a match, as the state carries it into the results. */
export interface MatchWinner {
  /** Free-for-all: the winner's session id; "" in teams mode or on a tie. */
  sessionId: string;
  /** The winner's name as the match ended (the player may leave during the results); "" when none. */
  name: string;
  /** Teams mode: 1 or 2; 0 in free-for-all or on a draw. */
  team: number;
}

/**
 * The winner of a finished match. Free-for-all: the player first in the scoreboard order
 * (score, kills, fewest deaths), nobody when several share first place. Teams: the team
 * strictly ahead in kills (teamsWinner), nobody on a draw.
 */
export function matchWinner(mode: string, players: Iterable<[string, StandingSource]>, teamScores: ArrayLike<number>): MatchWinner {
  if (mode === "teams") return { sessionId: "", name: "", team: teamsWinner(teamScores) };
  const leader = soleLeader(sortStandings(players));
  return leader ? { sessionId: leader.sessionId, name: leader.name, team: 0 } : { sessionId: "", name: "", team: 0 };
}
