import { STEP_MS } from "../../../shared/constants.ts";

/**
 * Turns variable render-frame time into whole fixed steps: one input frame is due per
 * simulation tick, whatever the display's refresh rate.
 */
export class FixedStepClock {
  private accumulatedMs = 0;

  /**
   * @param maxStepsPerFrame after a stall (background tab, long frame) the backlog beyond
   *   this is dropped instead of flooding the server with stale inputs.
   */
  constructor(private readonly maxStepsPerFrame = 4, private readonly stepMs = STEP_MS) {}

  /** Adds one render frame's duration and returns how many steps are now due. */
  advance(deltaMs: number): number {
    if (!(deltaMs > 0)) return 0;
    this.accumulatedMs += deltaMs;
    const due = Math.floor(this.accumulatedMs / this.stepMs);
    this.accumulatedMs -= due * this.stepMs;
    return Math.min(due, this.maxStepsPerFrame);
  }

  /** Fraction of the next step already elapsed, in [0, 1). */
  get fraction(): number {
    return this.accumulatedMs / this.stepMs;
  }

  reset(): void {
    this.accumulatedMs = 0;
  }
}
