import { MIN_PLAYERS_TO_START, TICK_HZ } from "../../../shared/constants.ts";
import { MatchPhase } from "../../../shared/protocol.ts";

/** Whole seconds left until `endTick`, rounded up so a countdown reads 3, 2, 1 and never 0 early. */
export function secondsUntil(endTick: number, nowTick: number): number {
  return Math.max(0, Math.ceil((endTick - nowTick) / TICK_HZ));
}

/** 125 → "2:05"; negative and non-finite values read "0:00". */
export function formatClock(totalSeconds: number): string {
  const s = Number.isFinite(totalSeconds) ? Math.max(0, Math.floor(totalSeconds)) : 0;
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export interface PhaseBanner {
  /** Short, upper-case phase name. */
  title: string;
  /** What the clock means in this phase, with the clock. */
  detail: string;
}

/** The HUD's phase line, computed from the state's ticks only. */
export function phaseBanner(phase: number, tick: number, phaseEndsTick: number, playerCount: number): PhaseBanner {
  const left = secondsUntil(phaseEndsTick, tick);
  switch (phase) {
    case MatchPhase.WAITING:
      return playerCount < MIN_PLAYERS_TO_START
        ? { title: "WARM-UP", detail: `Waiting for players · starting in ${formatClock(left)}` }
        : { title: "WARM-UP", detail: `Match starts in ${formatClock(left)}` };
    case MatchPhase.COUNTDOWN:
      return { title: "GET READY", detail: `${left}` };
    case MatchPhase.PLAYING:
      return { title: "MATCH", detail: formatClock(left) };
    case MatchPhase.RESULTS:
      return { title: "MATCH OVER", detail: `Next match in ${left} s` };
    default:
      return { title: "", detail: "" };
  }
}

/** Respawn time left in tenths of a second ("2.4"), for the death screen. */
export function formatRespawn(respawnTick: number, tick: number): string {
  return (Math.max(0, respawnTick - tick) / TICK_HZ).toFixed(1);
}
