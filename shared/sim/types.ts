// Structural types the pure sim works on. Schema instances on the server and plain
// objects in the client's predictor both satisfy them; the sim never imports schema.

/** Bits of an input frame's buttons. */
export const Button = { FIRE: 1, DASH: 2 } as const;

/** One client input: applied for exactly one fixed step. */
export interface InputLike {
  /** -1, 0 or 1 on each axis. */
  mx: number;
  my: number;
  /** Aim direction in radians. */
  aim: number;
  /** Bitfield of Button. */
  buttons: number;
}

/** The part of a player that its own inputs drive (and the client predicts). */
export interface MovingPlayer {
  x: number;
  y: number;
  aim: number;
  /** Steps left in the current dash (0 when not dashing). */
  dashTicks: number;
  /** Steps until dash may be used again. */
  dashCooldown: number;
  /** Steps until the weapon may fire again. */
  fireCooldown: number;
  /** Steps of rapid fire left (from the pickup). */
  rapidFireTicks: number;
}
