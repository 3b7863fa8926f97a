import { MatchPhase } from "../protocol.ts";

/** Players move and shoot while waiting (warm-up) and playing; countdown and results freeze them. */
export const phaseAllowsAction = (phase: number) => phase === MatchPhase.WAITING || phase === MatchPhase.PLAYING;
