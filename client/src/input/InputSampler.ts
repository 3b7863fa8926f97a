import type { InputLike } from "../../../shared/sim/types.ts";
import { FixedStepClock } from "./FixedStepClock.ts";
import { frameFromControls, type ControlSnapshot } from "./controls.ts";

/** The part of the SDK's input handle the sampler uses (a fake in tests). */
export interface InputChannel {
  readonly data: InputLike;
  send(): unknown;
}

/** Samples the controls once per fixed tick and sends one frame per tick. */
export class InputSampler {
  private readonly clock: FixedStepClock;
  private readonly frame: InputLike = { mx: 0, my: 0, aim: 0, buttons: 0 };

  constructor(private readonly channel: InputChannel, maxStepsPerFrame = 4) {
    this.clock = new FixedStepClock(maxStepsPerFrame);
  }

  /** Call once per render frame; returns how many frames were sent. */
  update(deltaMs: number, controls: ControlSnapshot): number {
    const due = this.clock.advance(deltaMs);
    if (due === 0) return 0;
    frameFromControls(controls, this.frame);
    const data = this.channel.data;
    for (let i = 0; i < due; i++) {
      data.mx = this.frame.mx;
      data.my = this.frame.my;
      data.aim = this.frame.aim;
      data.buttons = this.frame.buttons;
      this.channel.send();
    }
    return due;
  }
}
