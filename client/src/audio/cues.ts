// When the match itself makes a sound, decided without the Web Audio API or Phaser: its
// clock (countdown, start, end) and the own player taking a pickup.
import { PICKUP_RADIUS_U, PLAYER_RADIUS_U } from "../../../shared/constants.ts";
import { MatchPhase } from "../../../shared/protocol.ts";
import type { SoundKind } from "./effects.ts";

/**
 * The state shows the own player up to a patch later than the pickup was taken (one tick of
 * walking or dashing): allowed on top of the server's reach.
 */
const PICKUP_SLACK_U = 24;

/** Whether a pickup that just vanished at `pickup` was taken by the own player, who the state has at `self`. */
export function tookPickup(self: { x: number; y: number; alive: boolean }, pickup: { x: number; y: number }): boolean {
  return self.alive && Math.hypot(self.x - pickup.x, self.y - pickup.y) <= PICKUP_RADIUS_U + PLAYER_RADIUS_U + PICKUP_SLACK_U;
}

/**
 * The match's clock in sounds: a beep on each second of the countdown, a higher note when play
 * starts, a chime when the results come. Joining mid-phase makes no sound.
 */
export class PhaseCues {
  private phase: number | null = null;
  private secondsLeft = -1;

  /** The sound for the phase and whole seconds left seen this frame, if any. */
  next(phase: number, secondsLeft: number): SoundKind | null {
    const before = this.phase;
    const secondBefore = this.secondsLeft;
    this.phase = phase;
    this.secondsLeft = secondsLeft;
    if (before === null) return null;
    switch (phase) {
      case MatchPhase.COUNTDOWN:
        return secondsLeft > 0 && (before !== phase || secondsLeft !== secondBefore) ? "countdown" : null;
      case MatchPhase.PLAYING:
        return before !== phase ? "matchStart" : null;
      case MatchPhase.RESULTS:
        return before !== phase ? "matchEnd" : null;
      default:
        return null;
    }
  }
}
