/** Draw order inside the arena scene, bottom to top. */
export const Depth = {
  FLOOR: 0,
  OBSTACLES: 10,
  PICKUPS: 20,
  PLAYERS: 30,
  PROJECTILES: 40,
  LABELS: 50,
  /** Hit markers and damage numbers, over everything in the world. */
  EFFECTS: 60,
} as const;
