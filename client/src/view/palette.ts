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
export function playerColor(team: number, isSelf: boolean): number {
  if (team > 0) return Palette.teams[team] ?? Palette.teams[0];
  return isSelf ? Palette.self : Palette.enemy;
}

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

/** Mixes a colour toward white by `amount` in [0, 1]. */
export function lighten(color: number, amount: number): number {
  const mix = (c: number) => Math.round(c + (255 - c) * amount);
  return (mix((color >> 16) & 255) << 16) | (mix((color >> 8) & 255) << 8) | mix(color & 255);
}
