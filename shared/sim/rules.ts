import { MatchPhase } from "../protocol.ts";

/** Players move and shoot while waiting (warm-up) and playing; countdown and results freeze them. */
export const phaseAllowsAction = (phase: number) => phase === MatchPhase.WAITING || phase === MatchPhase.PLAYING;

/** Friendly fire is off in teams mode (team 0 means no team: everyone is an enemy). */
export const areEnemies = (aTeam: number, bTeam: number) => aTeam === 0 || aTeam !== bTeam;
