import {
  MAX_INPUT_CREDIT, PLAYOUT_DRIFT_ALLOWANCE_TICKS, PLAYOUT_MAX_RESERVE, PLAYOUT_MIN_RESERVE, PLAYOUT_SHRINK_AFTER_TICKS,
} from "../../shared/constants.ts";

/** What the playout buffers did, summed over players (the room adds them to /metrics). */
export interface PlayoutCounters {
  /** Inputs taken from the buffers. */
  taken: number;
  /**
   * Inputs left waiting in the buffers after each tick, summed over ticks. Divided by `taken`
   * it is the mean time an input waits in its buffer, in ticks (Little's law): the input
   * latency the playout buffer costs.
   */
  waitTicks: number;
  /** Ticks on which a playing player had no input left (its motion stalls for others). */
  stalls: number;
  /** Ticks on which a player took two inputs to catch up (its motion jumps for others). */
  doubleSteps: number;
}

export const newPlayoutCounters = (): PlayoutCounters => ({ taken: 0, waitTicks: 0, stalls: 0, doubleSteps: 0 });

/**
 * A per-player input jitter buffer. Inputs arrive with network jitter; taking whatever has
 * arrived each tick would move a player 0 steps on one tick and 2 on the next, which every
 * other client sees as stutter. Instead one input is taken per tick while `reserve` more are
 * held back to cover late arrivals. The reserve grows by one when the buffer runs dry and
 * shrinks by one after PLAYOUT_SHRINK_AFTER_TICKS in which it was never dipped into.
 *
 * Two inputs are taken in a tick only to drain a backlog (after a stall, or from a client
 * clock running slightly fast), and only from a credit earned by ticks on which nothing was
 * taken plus a small drift allowance: averaged over time nobody moves faster than one input
 * per tick, whatever they send.
 */
export class InputPlayout {
  /** Inputs held back after taking this tick's one. */
  reserve = PLAYOUT_MIN_RESERVE;
  private credit = 0;
  /** Not taking inputs until the reserve is there: at the start and after running dry. */
  private filling = true;
  private sinceDriftCredit = 0;
  private windowTicks = 0;
  private windowFewestLeft = Infinity;
  private windowRanDry = false;

  constructor(private readonly counters: PlayoutCounters) {}

  /** How many of the `queued` inputs to take this tick: 0, 1 or 2. */
  take(queued: number): number {
    if (++this.sinceDriftCredit >= PLAYOUT_DRIFT_ALLOWANCE_TICKS) {
      this.sinceDriftCredit = 0;
      this.earn();
    }
    if (queued === 0) {
      if (!this.filling) this.ranDry();
      this.earn();
      return 0;
    }
    if (this.filling) {
      if (queued < this.reserve + 1) {
        this.earn();
        return 0;
      }
      this.filling = false;
    }
    let take = 1;
    // A backlog (a burst after a stall) drains one extra input per tick while it lasts.
    if (queued - 1 > this.reserve + 2 && this.credit >= 1) take = 2;
    else if (this.windowTicks + 1 >= PLAYOUT_SHRINK_AFTER_TICKS) take = this.endWindow(queued);
    if (take === 2) {
      this.credit--;
      this.counters.doubleSteps++;
    }
    const left = queued - take;
    if (left < this.windowFewestLeft) this.windowFewestLeft = left;
    this.windowTicks++;
    this.counters.taken += take;
    this.counters.waitTicks += left;
    return take;
  }

  /**
   * Once per window: more held back than the reserve all along means latency crept up (drain
   * one); a reserve never dipped into means it can shrink.
   */
  private endWindow(queued: number): number {
    const fewestLeft = Math.min(this.windowFewestLeft, queued - 1);
    const ranDry = this.windowRanDry;
    this.windowTicks = 0;
    this.windowFewestLeft = Infinity;
    this.windowRanDry = false;
    if (ranDry) return 1;
    if (fewestLeft > this.reserve && this.credit >= 1) return 2;
    if (fewestLeft >= this.reserve && this.reserve > PLAYOUT_MIN_RESERVE) this.reserve--;
    return 1;
  }

  private ranDry(): void {
    this.filling = true;
    this.windowRanDry = true;
    this.counters.stalls++;
    if (this.reserve < PLAYOUT_MAX_RESERVE) this.reserve++;
  }

  private earn(): void {
    if (this.credit < MAX_INPUT_CREDIT) this.credit++;
  }
}

/** A player's queue of received input frames, as the playout reads it. */
export interface QueuedInputs<I> {
  readonly size: number;
  readonly consumedCount: number;
  next(): I | undefined;
}

/**
 * The room's input source for the game: each player's queue of received frames, read through
 * that player's playout buffer.
 */
export class PlayoutInputSource<I> {
  private readonly playouts = new Map<string, InputPlayout>();

  constructor(private readonly queues: { get(sessionId: string): QueuedInputs<I> | undefined }, private readonly counters: PlayoutCounters) {}

  due(sessionId: string): number {
    const queue = this.queues.get(sessionId);
    if (!queue) return 0;
    let playout = this.playouts.get(sessionId);
    if (!playout) this.playouts.set(sessionId, playout = new InputPlayout(this.counters));
    return playout.take(queue.size);
  }

  next(sessionId: string): I | undefined {
    return this.queues.get(sessionId)?.next();
  }

  consumed(sessionId: string): number {
    return this.queues.get(sessionId)?.consumedCount ?? 0;
  }

  /** A reconnected client starts a fresh queue: its reserve fills again, without counting the gap as a stall. */
  reset(sessionId: string): void {
    this.playouts.delete(sessionId);
  }

  forget(sessionId: string): void {
    this.playouts.delete(sessionId);
  }
}
