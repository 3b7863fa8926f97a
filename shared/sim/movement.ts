import {
  DASH_COOLDOWN_TICKS, DASH_SPEED, DASH_TICKS, PLAYER_RADIUS_U, PLAYER_SPEED, STEP_SECONDS,
} from "../constants.ts";
import { clamp, pushCircleOutOfRect } from "./geometry.ts";
import type { ArenaMap } from "./map.ts";
import { snapAim, snapX, snapY } from "./quantize.ts";
import { Button, type InputLike, type MovingPlayer } from "./types.ts";

/**
 * Advances one player by one input over one fixed step: dash, walk, slide along
 * obstacles, stay in the arena, and snap to wire precision. The server runs it for
 * authority and the client runs it, unchanged, to predict its own player.
 */
export function stepMovement(p: MovingPlayer, input: InputLike, map: ArenaMap): void {
  p.aim = snapAim(input.aim);
  if (p.dashCooldown > 0) p.dashCooldown--;
  if (p.dashTicks === 0 && p.dashCooldown === 0 && (input.buttons & Button.DASH) !== 0) {
    p.dashTicks = DASH_TICKS;
    p.dashCooldown = DASH_COOLDOWN_TICKS;
  }

  let dx = input.mx, dy = input.my;
  let speed = PLAYER_SPEED;
  if (p.dashTicks > 0) {
    p.dashTicks--;
    speed = DASH_SPEED;
    if (dx === 0 && dy === 0) { dx = Math.cos(input.aim); dy = Math.sin(input.aim); }
  }
  const length = Math.sqrt(dx * dx + dy * dy);
  if (length === 0) return;
  const distance = speed * STEP_SECONDS;

  // Axis by axis, so a player sliding into a wall keeps the parallel component. Every
  // write is snapped, as the server's schema fields snap theirs, so a plain object (the
  // client predicting itself) lands on exactly the server's numbers.
  p.x = snapX(p.x + (dx / length) * distance);
  resolveObstacles(p, map);
  p.y = snapY(p.y + (dy / length) * distance);
  resolveObstacles(p, map);

  p.x = snapX(clamp(p.x, PLAYER_RADIUS_U, map.width - PLAYER_RADIUS_U));
  p.y = snapY(clamp(p.y, PLAYER_RADIUS_U, map.height - PLAYER_RADIUS_U));
}

function resolveObstacles(p: MovingPlayer, map: ArenaMap): void {
  const r = PLAYER_RADIUS_U;
  // Read once (on the server they are schema getters); re-read only after a push moves p.
  let x = p.x, y = p.y;
  for (const rect of map.obstacles) {
    // Nearly every obstacle is clear of the player on one axis. These are the very
    // differences pushCircleOutOfRect squares, so skipping on them changes no result.
    if (x - rect.x <= -r || x - (rect.x + rect.w) >= r || y - rect.y <= -r || y - (rect.y + rect.h) >= r) continue;
    if (pushCircleOutOfRect(p, r, rect)) {
      x = p.x = snapX(p.x);
      y = p.y = snapY(p.y);
    }
  }
}
