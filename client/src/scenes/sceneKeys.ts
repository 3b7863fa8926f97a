export const SceneKey = {
  MENU: "menu",
  ARENA: "arena",
  HUD: "hud",
  RESULTS: "results",
} as const;
export type SceneKey = (typeof SceneKey)[keyof typeof SceneKey];
