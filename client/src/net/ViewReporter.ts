// Tells the server how much of the world this screen shows, so it sends what is near enough
// to appear on it (interest management): after a resize or a turn of the phone, not every frame.
import type { ViewSize } from "../../../shared/protocol.ts";

/** A change this small (world units, on either side) is not worth a message. */
export const VIEW_CHANGE_U = 8;
/** At most one VIEW this often: dragging a window's edge sends a few, not one per frame. */
export const VIEW_REPORT_INTERVAL_MS = 250;

/** A view as the server is told it: whole world units. */
export const wireViewSize = (view: ViewSize): ViewSize => ({ width: Math.round(view.width), height: Math.round(view.height) });

export class ViewReporter {
  private sentAt = -Infinity;

  /** `told`: the size the server already has (the join options' view); null when unknown (a resumed seat). */
  constructor(private readonly send: (size: ViewSize) => void, private told: ViewSize | null = null) {}

  /** The size the server was last told; null before any. */
  get reported(): ViewSize | null {
    return this.told;
  }

  /**
   * The camera shows `view` at `now` (call every frame): sends it when it differs from what
   * the server has by more than VIEW_CHANGE_U and the last send is long enough ago.
   */
  update(view: ViewSize, now: number): void {
    const told = this.told;
    if (told && Math.abs(view.width - told.width) <= VIEW_CHANGE_U && Math.abs(view.height - told.height) <= VIEW_CHANGE_U) return;
    if (now - this.sentAt < VIEW_REPORT_INTERVAL_MS) return;
    this.told = wireViewSize(view);
    this.sentAt = now;
    this.send(this.told);
  }
}
