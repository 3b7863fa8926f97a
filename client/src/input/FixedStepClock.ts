import { STEP_MS } from "../../../shared/constants.ts";

/** While a pulled-forward step is paid back, the clock runs this much slower. */
const PAYBACK_SHARE = 0.1;

/**
 * Turns variable render-frame time into whole fixed steps: one input frame is due per
 * simulation tick, whatever the display's refresh rate.
 */
export class FixedStepClock {
  private accumulatedMs = 0;
  /** Time taken early by pullForward(), still to be paid back. */
  private debtMs = 0;

  /**
   * @param maxStepsPerFrame after a stall (background tab, long frame) the backlog beyond
   *   this is dropped instead of flooding the server with stale inputs.
   */
  constructor(private readonly maxStepsPerFrame = 4, private readonly stepMs = STEP_MS) {}

  /** Adds one render frame's duration and returns how many steps are now due. */
  advance(deltaMs: number): number {
    if (!(deltaMs > 0)) return 0;
    const payback = Math.min(this.debtMs, deltaMs * PAYBACK_SHARE);
    this.debtMs -= payback;
    this.accumulatedMs += deltaMs - payback;
    const due = Math.floor(this.accumulatedMs / this.stepMs);
    this.accumulatedMs -= due * this.stepMs;
    return Math.min(due, this.maxStepsPerFrame);
  }

  /**
   * Makes the next step due now, as if it had begun `startedMsAgo` (when a key went down)
   * rather than at its scheduled time: a changed input need not wait for the step boundary.
   * The time taken early is paid back by running PAYBACK_SHARE slower, so on average steps
   * stay STEP_MS apart and the server's tick rate is kept. False while a previous pull is
   * still being paid back (then the step comes at its time).
   */
  pullForward(startedMsAgo: number): boolean {
    if (this.debtMs > 0) return false;
    const started = Math.min(Math.max(startedMsAgo, 0), this.accumulatedMs);
    this.debtMs = this.stepMs - this.accumulatedMs + started;
    this.accumulatedMs = started;
    return true;
  }

  /** Fraction of the next step already elapsed, in [0, 1). */
  get fraction(): number {
    return this.accumulatedMs / this.stepMs;
  }

  reset(): void {
    this.accumulatedMs = 0;
    this.debtMs = 0;
  }
}
