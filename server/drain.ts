// Draining: what a server does between SIGTERM and exit. It stops taking new players
// (/ready turns false, matchmaking answers 503), tells the players in rooms, lets matches
// in play reach their results up to a deadline, then closes what is left.

/** Shared by a server and its rooms; rooms read it when Colyseus asks them to shut down. */
export interface DrainState {
  active: boolean;
  /** When the rooms still open are closed regardless (Date.now() ms). */
  deadlineAt: number;
}

export const newDrainState = (): DrainState => ({ active: false, deadlineAt: 0 });

/** The system line players in a room see when the server starts draining. */
export function drainNotice(secondsLeft: number): string {
  return `This server is restarting: the match plays on to its end (at most ${secondsLeft} s), then you return to the menu.`;
}
