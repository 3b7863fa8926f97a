// Touch points on the two virtual sticks and the dash button, turned into the same held
// controls and aim the keyboard and mouse give (ControlSnapshot). Pure: TouchControls feeds
// it from pointer events, tests feed it numbers.
import { Control } from "./controls.ts";

/** Inside this share of a stick's radius the stick does nothing, so a resting thumb does not creep. */
export const STICK_DEAD_ZONE = 0.3;

/** A thumb's offset from its stick's centre in units of the stick's radius: inside the unit disc. */
export interface StickVector {
  x: number;
  y: number;
}

export type Stick = "move" | "aim";

/** The thumb `dx, dy` (px, y down) from the centre of a stick of `radius` px, clamped to the rim. */
export function stickVector(dx: number, dy: number, radius: number): StickVector {
  const length = Math.hypot(dx, dy);
  if (!(radius > 0) || !Number.isFinite(length) || length === 0) return { x: 0, y: 0 };
  const scale = Math.min(1, length / radius) / length;
  return { x: dx * scale, y: dy * scale };
}

const outside = (v: StickVector, deadZone: number) => Math.hypot(v.x, v.y) > deadZone;

/** Clockwise from right (y points down the screen): the controls held in each 45° sector. */
const SECTORS: readonly (readonly Control[])[] = [
  [Control.RIGHT], [Control.RIGHT, Control.DOWN], [Control.DOWN], [Control.LEFT, Control.DOWN],
  [Control.LEFT], [Control.LEFT, Control.UP], [Control.UP], [Control.RIGHT, Control.UP],
];

/**
 * Movement goes on the wire as -1, 0 or 1 per axis, so the stick is read as one of eight
 * directions (the nearest 45°), or none inside the dead zone.
 */
export function stickDirections(v: StickVector, deadZone = STICK_DEAD_ZONE): readonly Control[] {
  if (!outside(v, deadZone)) return [];
  const sector = Math.round(Math.atan2(v.y, v.x) / (Math.PI / 4));
  return SECTORS[(sector + 8) % 8];
}

/** The aim (radians, world space, y down) the stick points at; null inside the dead zone. */
export function stickAim(v: StickVector, deadZone = STICK_DEAD_ZONE): number | null {
  return outside(v, deadZone) ? Math.atan2(v.y, v.x) : null;
}

/**
 * Twin-stick state: the left stick moves (eight directions), the right stick aims and fires
 * while pushed out of its dead zone, the dash button dashes while held. One finger holds each
 * stick, so both work at once.
 */
export class TwinSticks {
  /** The controls the sticks and the dash button hold now. */
  readonly held = new Set<Control>();
  /** The aim stick's latest direction; null until it is first pushed. It stays when the stick is let go. */
  aim: number | null = null;
  /** When `held` last changed (an event's timestamp, on performance.now()'s clock). */
  changedAt = 0;
  /** Each stick's thumb, for drawing the knobs. */
  readonly thumbs: Record<Stick, StickVector> = { move: { x: 0, y: 0 }, aim: { x: 0, y: 0 } };
  private readonly fingers = new Map<Stick, number>();
  private dashing = false;

  /** A finger down on a stick; false (and ignored) while another finger holds that stick. */
  press(stick: Stick, pointerId: number, dx: number, dy: number, radius: number, at: number): boolean {
    if (this.fingers.has(stick)) return false;
    this.fingers.set(stick, pointerId);
    this.place(stick, dx, dy, radius, at);
    return true;
  }

  /** A finger moved; returns the stick it holds, null for any other finger. */
  drag(pointerId: number, dx: number, dy: number, radius: number, at: number): Stick | null {
    const stick = this.stickOf(pointerId);
    if (stick) this.place(stick, dx, dy, radius, at);
    return stick;
  }

  /** A finger lifted (or its touch cancelled); returns the stick it let go, if any. */
  release(pointerId: number, at: number): Stick | null {
    const stick = this.stickOf(pointerId);
    if (!stick) return null;
    this.fingers.delete(stick);
    this.place(stick, 0, 0, 1, at);
    return stick;
  }

  setDash(down: boolean, at: number): void {
    this.dashing = down;
    this.refresh(at);
  }

  /** Everything let go (the page lost focus, the match ended). */
  clear(at: number): void {
    this.fingers.clear();
    this.dashing = false;
    for (const thumb of Object.values(this.thumbs)) thumb.x = thumb.y = 0;
    this.refresh(at);
  }

  private stickOf(pointerId: number): Stick | null {
    for (const [stick, id] of this.fingers) if (id === pointerId) return stick;
    return null;
  }

  private place(stick: Stick, dx: number, dy: number, radius: number, at: number): void {
    Object.assign(this.thumbs[stick], stickVector(dx, dy, radius));
    if (stick === "aim") this.aim = stickAim(this.thumbs.aim) ?? this.aim;
    this.refresh(at);
  }

  private refresh(at: number): void {
    const next = new Set<Control>(stickDirections(this.thumbs.move));
    if (stickAim(this.thumbs.aim) !== null) next.add(Control.FIRE);
    if (this.dashing) next.add(Control.DASH);
    if (next.size === this.held.size && [...next].every((c) => this.held.has(c))) return;
    this.held.clear();
    for (const control of next) this.held.add(control);
    this.changedAt = at;
  }
}
