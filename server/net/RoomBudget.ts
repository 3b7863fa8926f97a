/**
 * How many rooms this process may hold. A room takes a slot when its creation starts
 * (before any await), so concurrent creations cannot overshoot, and gives it back when
 * it is disposed or its creation fails.
 */
export class RoomBudget {
  private taken = 0;

  constructor(readonly maxRooms: number) {}

  tryTake(): boolean {
    if (this.taken >= this.maxRooms) return false;
    this.taken++;
    return true;
  }

  release(): void {
    this.taken = Math.max(0, this.taken - 1);
  }

  get open(): number {
    return this.taken;
  }
}
