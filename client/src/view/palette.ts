import { PickupKind } from "../../../shared/protocol.ts";

/** Every colour the client draws with, in one place. */
export const Palette = {
  background: 0x07090d,
  floor: 0x111823,
  gridMinor: 0x18212e,
  gridMajor: 0x223044,
  border: 0x5b7bb0,
  obstacle: 0x263246,
  obstacleEdge: 0x3e4d66,
  obstacleShadow: 0x000000,

  self: 0x38bdf8,
  enemy: 0xfb7185,
  teams: [0x94a3b8, 0x3b82f6, 0xf97316] as readonly number[],
  outline: 0x0b0f16,
  selfRing: 0xffffff,

  shotSelf: 0xfef08a,
  shotOther: 0xfda4af,
  shotTeams: [0xe2e8f0, 0x93c5fd, 0xfdba74] as readonly number[],

  hpHigh: 0x4ade80,
  hpMid: 0xfacc15,
  hpLow: 0xef4444,
  barBack: 0x0b0f16,
  shield: 0x60a5fa,

  health: 0x22c55e,
  rapidFire: 0xfb923c,
  shieldPickup: 0x60a5fa,
} as const;

/**
 * The colour-blind-safe palette (Okabe & Ito's colours, told apart with deuteranopia and
 * protanopia too): sky blue and orange for the teams; free-for-all, sky blue for you and
 * vermillion for everyone else.
 */
export const SafePalette = {
  self: 0x56b4e9,
  enemy: 0xd55e00,
  teams: [0xbbbbbb, 0x56b4e9, 0xe69f00] as readonly number[],
} as const;

/**
 * The mark on a player's body that tells its side by shape, with the colour-blind-safe
 * palette: blue team (and you in free-for-all) a disc, orange team a diamond, free-for-all
 * opponents a triangle. "none": the standard look.
 */
export type BodyMark = "none" | "disc" | "diamond" | "triangle";

/** The marks' shapes for a mark `1` from its centre to its tips (y down): a disc's radius, the others' corners. */
export const MARK_DISC_RADIUS = 0.75;
export const MARK_OUTLINES = {
  diamond: [[0, -1], [0.85, 0], [0, 1], [-0.85, 0]],
  triangle: [[0, -0.95], [0.95, 0.75], [-0.95, 0.75]],
} as const satisfies Record<string, readonly (readonly [number, number])[]>;

export interface BodyStyle {
  readonly color: number;
  readonly mark: BodyMark;
}

const styles = (self: BodyStyle, other: BodyStyle, teams: readonly BodyStyle[]) => ({ self, other, teams });
const STANDARD_STYLES = styles(
  { color: Palette.self, mark: "none" },
  { color: Palette.enemy, mark: "none" },
  Palette.teams.map((color) => ({ color, mark: "none" })),
);
const SAFE_STYLES = styles(
  { color: SafePalette.self, mark: "disc" },
  { color: SafePalette.enemy, mark: "triangle" },
  [{ color: SafePalette.teams[0], mark: "disc" }, { color: SafePalette.teams[1], mark: "disc" }, { color: SafePalette.teams[2], mark: "diamond" }],
);

/** How a player's body is drawn: team colours in teams mode, else you apart from everyone else; `safe`: the colour-blind-safe look. */
export function bodyStyle(team: number, isSelf: boolean, safe: boolean): BodyStyle {
  const set = safe ? SAFE_STYLES : STANDARD_STYLES;
  if (team > 0) return set.teams[team] ?? set.teams[0];
  return isSelf ? set.self : set.other;
}

/** CSS colour strings for text. */
export const TextColor = {
  primary: "#e6edf3",
  muted: "#8b98a9",
  accent: "#38bdf8",
  good: "#4ade80",
  warn: "#facc15",
  bad: "#f87171",
  /** Other players' names in free-for-all chat. */
  name: "#fda4af",
} as const;

/** Team colours for text (names, scores), readable on the dark panels; index 0 is "no team". */
export const TeamTextColor: readonly string[] = ["#cbd5e1", "#60a5fa", "#fb923c"];

export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif';

/** Body colour: team colours in teams mode; otherwise the local player stands out from everyone else. */
export const playerColor = (team: number, isSelf: boolean): number => bodyStyle(team, isSelf, false).color;

export function projectileColor(team: number, ownedBySelf: boolean): number {
  if (team > 0) return Palette.shotTeams[team] ?? Palette.shotTeams[0];
  return ownedBySelf ? Palette.shotSelf : Palette.shotOther;
}

/** Green above 60 %, yellow above 30 %, red below. */
export function hpColor(hp: number, maxHp: number): number {
  const f = maxHp > 0 ? hp / maxHp : 0;
  return f > 0.6 ? Palette.hpHigh : f > 0.3 ? Palette.hpMid : Palette.hpLow;
}

export function pickupColor(kind: number): number {
  switch (kind) {
    case PickupKind.HEALTH: return Palette.health;
    case PickupKind.RAPID_FIRE: return Palette.rapidFire;
    case PickupKind.SHIELD: return Palette.shieldPickup;
    default: return 0xffffff;
  }
}

/** A colour as CSS ("#56b4e9"). */
export const cssColor = (color: number): string => `#${color.toString(16).padStart(6, "0")}`;

/** Mixes a colour toward white by `amount` in [0, 1]. */
export function lighten(color: number, amount: number): number {
  const mix = (c: number) => Math.round(c + (255 - c) * amount);
  return (mix((color >> 16) & 255) << 16) | (mix((color >> 8) & 255) << 8) | mix(color & 255);
}
