// The exact arithmetic of @colyseus/schema's t.quantized() (clamp and wrap modes),
// reproduced so the pure sim can snap plain objects to the values the wire carries.
// test/unit/quantize.test.ts checks it bit-for-bit against the schema encoder.
import { AIM_BITS, HEADING_BITS, MAX_ARENA_SIZE_U, POSITION_BITS } from "../constants.ts";

const TWO_PI = Math.PI * 2;

/** The largest integer a clamping quantized field carries (a range symmetric about 0 keeps one step for 0 exactly). */
const clampedSpan = (min: number, max: number, bits: number) => (min === -max ? 2 ** bits - 2 : 2 ** bits - 1);

/** The integer a clamping quantized field carries for `value` (NaN as `min`). */
export function quantizeClamped(value: number, min: number, max: number, bits: number): number {
  const span = clampedSpan(min, max, bits);
  const v = value !== value || value < min ? min : value > max ? max : value;
  return Math.floor(((v - min) / (max - min)) * span + 0.5);
}

/** The value a clamping quantized field's integer `q` stands for. */
export function unquantizeClamped(q: number, min: number, max: number, bits: number): number {
  return min + (q / clampedSpan(min, max, bits)) * (max - min);
}

export const snapClamped = (value: number, min: number, max: number, bits: number) =>
  unquantizeClamped(quantizeClamped(value, min, max, bits), min, max, bits);

/** The integer a wrapping quantized field carries for `value`: 0 to 2^bits − 1. */
export function quantizeWrapped(value: number, min: number, max: number, bits: number): number {
  const span = 2 ** bits;
  const range = max - min;
  if (!Number.isFinite(value)) return 0;
  let a = (value - min) % range;
  if (a < 0) a += range;
  return Math.floor((a / range) * span + 0.5) % span;
}

export function snapWrapped(value: number, min: number, max: number, bits: number): number {
  return min + (quantizeWrapped(value, min, max, bits) / 2 ** bits) * (max - min);
}

export const snapX = (x: number) => snapClamped(x, 0, MAX_ARENA_SIZE_U, POSITION_BITS);
export const snapY = (y: number) => snapClamped(y, 0, MAX_ARENA_SIZE_U, POSITION_BITS);
/** A coordinate's 16-bit integer on the wire (positions in the state and in SHOTS messages), and back. */
export const positionToWire = (v: number) => quantizeClamped(v, 0, MAX_ARENA_SIZE_U, POSITION_BITS);
export const positionFromWire = (q: number) => unquantizeClamped(q, 0, MAX_ARENA_SIZE_U, POSITION_BITS);
export const snapHeading = (radians: number) => snapWrapped(radians, 0, TWO_PI, HEADING_BITS);
/** An aim on the input wire: the projectile heading's 16-bit grid, so the heading a shot gets is the aim sent. */
export const quantizeAim = (radians: number) => quantizeWrapped(radians, 0, TWO_PI, HEADING_BITS);
/** The heading (or input aim) a 16-bit wire integer stands for: exactly snapHeading's value. */
export const aimFromWire = (q: number) => (q / 2 ** HEADING_BITS) * TWO_PI;
export const snapAim = (radians: number) => snapWrapped(radians, 0, TWO_PI, AIM_BITS);
