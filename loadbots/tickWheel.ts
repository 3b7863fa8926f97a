// One timer per worker drives every bot's input tick. The input period is cut into a
// few slots and each bot belongs to one slot, so a worker's bots do not all send in the
// same instant (real players are not phase-locked). A worker that falls behind by more
// than a period skips the missed fires instead of bursting, and counts them.

export interface WheelFire {
  slot: number;
  /** Input tick number (one per full period). */
  tick: number;
  /** How late this fire ran, in ms. */
  lateMs: number;
}

export class TickWheel {
  private readonly slotMs: number;
  private startedAt = 0;
  private fires = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  skipped = 0;

  constructor(
    periodMs: number,
    readonly slots: number,
    private readonly onFire: (fire: WheelFire) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.slotMs = periodMs / slots;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startedAt = this.now();
    this.fires = 0;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    const due = this.startedAt + this.fires * this.slotMs;
    this.timer = setTimeout(() => this.fire(), Math.max(0, due - this.now()));
  }

  private fire(): void {
    if (!this.running) return;
    const now = this.now();
    let due = this.startedAt + this.fires * this.slotMs;
    const behind = Math.floor((now - due) / this.slotMs);
    if (behind >= this.slots) {
      // More than a whole period behind: drop the missed fires rather than replay them.
      this.fires += behind;
      this.skipped += behind;
      due = this.startedAt + this.fires * this.slotMs;
    }
    const n = this.fires++;
    this.onFire({ slot: n % this.slots, tick: Math.floor(n / this.slots), lateMs: now - due });
    if (this.running) this.schedule();
  }
}
