// Pure mapping from held controls to one input frame, so it is testable without a browser.
import { Button, type InputLike } from "../../../shared/sim/types.ts";

export const Control = {
  UP: "up",
  DOWN: "down",
  LEFT: "left",
  RIGHT: "right",
  FIRE: "fire",
  DASH: "dash",
} as const;
export type Control = (typeof Control)[keyof typeof Control];

/**
 * Physical key codes (KeyboardEvent.code), so WASD stays under the same fingers on
 * AZERTY or Dvorak layouts.
 */
const KEY_BINDINGS: Readonly<Record<string, Control>> = {
  KeyW: Control.UP,
  ArrowUp: Control.UP,
  KeyS: Control.DOWN,
  ArrowDown: Control.DOWN,
  KeyA: Control.LEFT,
  ArrowLeft: Control.LEFT,
  KeyD: Control.RIGHT,
  ArrowRight: Control.RIGHT,
  Space: Control.FIRE,
  ShiftLeft: Control.DASH,
  ShiftRight: Control.DASH,
};

export function controlForKey(code: string): Control | undefined {
  return Object.hasOwn(KEY_BINDINGS, code) ? KEY_BINDINGS[code] : undefined;
}

/** What the devices say right now: held keyboard controls plus the mouse. */
export interface ControlSnapshot {
  held: ReadonlySet<Control>;
  /** Aim in radians (world space, y down). */
  aim: number;
  /** Primary mouse button held over the game. */
  pointerFiring: boolean;
}

const axis = (negative: boolean, positive: boolean) => (positive ? 1 : 0) - (negative ? 1 : 0);

/** One input frame from the controls; opposite keys cancel out. Writes into `out` when given. */
export function frameFromControls(controls: ControlSnapshot, out: InputLike = { mx: 0, my: 0, aim: 0, buttons: 0 }): InputLike {
  const { held } = controls;
  out.mx = axis(held.has(Control.LEFT), held.has(Control.RIGHT));
  out.my = axis(held.has(Control.UP), held.has(Control.DOWN));
  out.aim = Number.isFinite(controls.aim) ? controls.aim : 0;
  let buttons = 0;
  if (held.has(Control.FIRE) || controls.pointerFiring) buttons |= Button.FIRE;
  if (held.has(Control.DASH)) buttons |= Button.DASH;
  out.buttons = buttons;
  return out;
}

/** Aim angle from the player to the pointer, both in world units; keeps `previous` when they coincide. */
export function aimAngle(fromX: number, fromY: number, toX: number, toY: number, previous: number): number {
  const dx = toX - fromX, dy = toY - fromY;
  if (dx === 0 && dy === 0) return previous;
  return Math.atan2(dy, dx);
}
