// Input frames to the server, two to a message: the 30 frames a second a player sends are
// the largest stream of messages a server reads, and every message costs both ends CPU
// whatever its size. A frame that changes keys or buttons, or fires, goes at once with
// whatever waits before it, so what others see of a change is not held back.
import {
  blankWireInput, copyWireInput, encodeInputFrames, FRAMES_PER_INPUTS, MAX_FRAMES_PER_INPUTS, MAX_INPUT_FRAME_BYTES, type WireInput,
} from "../../../shared/protocol.ts";
import type { InputHandleLike } from "./MatchView.ts";

export class InputSender implements InputHandleLike {
  /** The frame to send next: fill it, then send(). */
  readonly data: WireInput = blankWireInput();
  sentCount = 0;
  epoch = 0;
  private readonly waiting: WireInput[] = Array.from({ length: FRAMES_PER_INPUTS }, blankWireInput);
  private waitingCount = 0;
  private readonly bytes = new Uint8Array(1 + MAX_FRAMES_PER_INPUTS * MAX_INPUT_FRAME_BYTES);

  /**
   * @param transmit sends an INPUTS payload (the SDK's room.sendBytes(MessageType.INPUTS, bytes))
   * @param ackOf the server's latest acknowledgement (the own player's `ack` in the state)
   */
  constructor(private readonly transmit: (bytes: Uint8Array) => void, private readonly ackOf: () => number) {}

  /** The server's latest acknowledgement: how many of these frames it has taken. */
  get lastProcessed(): number {
    return this.ackOf();
  }

  /** Queues `data` as the next frame and returns its number; `urgent` sends it now with what waits before it. */
  send(urgent = false): number {
    copyWireInput(this.data, this.waiting[this.waitingCount++]);
    this.sentCount++;
    if (urgent || this.waitingCount === FRAMES_PER_INPUTS) this.flush();
    return this.sentCount;
  }

  /** Sends what waits, if anything. */
  flush(): void {
    if (this.waitingCount === 0) return;
    const length = encodeInputFrames(this.waiting, this.waitingCount, this.bytes);
    this.waitingCount = 0;
    this.transmit(this.bytes.subarray(0, length));
  }

  /** A reconnection: the server counts frames from zero again, and what waited is void. */
  reset(): void {
    this.sentCount = 0;
    this.waitingCount = 0;
    this.epoch++;
  }
}
