import { blankWireInput, copyWireInput, type WireInput } from "../../shared/protocol.ts";

/**
 * One client's input frames waiting for the tick, oldest first, in a fixed ring. When it is
 * full the oldest frame is dropped, and counted as consumed: the acknowledgement the client
 * reconciles on moves past it, as it would past an applied one.
 */
export class InputQueue {
  private readonly slots: WireInput[];
  private head = 0;
  private length = 0;
  /** Frames taken from the queue (applied, or dropped when it overflowed): the client's ack. */
  consumedCount = 0;

  constructor(capacity: number) {
    this.slots = Array.from({ length: capacity }, blankWireInput);
  }

  get size(): number {
    return this.length;
  }

  push(frame: WireInput): void {
    if (this.length === this.slots.length) this.drop();
    copyWireInput(frame, this.slots[(this.head + this.length) % this.slots.length]);
    this.length++;
  }

  /** The oldest frame, or undefined. The object is the queue's own: read it before the next push. */
  next(): WireInput | undefined {
    if (this.length === 0) return undefined;
    const frame = this.slots[this.head];
    this.drop();
    return frame;
  }

  private drop(): void {
    this.head = (this.head + 1) % this.slots.length;
    this.length--;
    this.consumedCount++;
  }
}
