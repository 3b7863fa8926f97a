// A read-only window into the running client for browser tests and outside tools: who we
// are, whether we are connected, a plain copy of the state, where each player was drawn in
// the latest frame, how much of the world the camera shows, the network panel's numbers, the
// combat feedback shown (hit markers, hurt flashes, the death screen's killer), the scoreboard
// and the minimap's dots, the settings and the sounds played, where the HUD drew its boxes,
// the touch sticks and whether effects are reduced (low-end mode). It exposes nothing a
// player cannot see (or hear).
import type { SoundReadout } from "./audio/Sound.ts";
import type { TouchReadout } from "./input/TouchControls.ts";
import type { ArenaConnection } from "./net/connection.ts";
import type { NetReadout } from "./net/NetStats.ts";
import type { Settings } from "./ui/settings.ts";
import type { LowEndReadout } from "./view/LowEndMode.ts";
import type { MinimapDot } from "./view/minimap.ts";
import type { BodyMark, BodyStyle } from "./view/palette.ts";
import type { ScoreboardRow } from "./view/scoreboard.ts";
import { snapshotState, type StateSnapshot } from "./view/snapshot.ts";

/**
 * Where each player on screen was drawn in the latest rendered frame (world units), with its
 * body's colour (0xRRGGBB) and side mark, and when (`performance.now()`).
 */
export interface DrawnFrame {
  players: Record<string, { x: number; y: number; color: number; mark: BodyMark }>;
  at: number;
}

export interface SkirmishTestHook {
  readonly sessionId: string | null;
  readonly roomId: string | null;
  readonly connected: boolean;
  /** A plain copy of the state; a player out of this client's view has `inView` false and null position and health. */
  state(): StateSnapshot | null;
  /** The latest rendered frame's player positions; null before the first frame of a match. */
  drawn(): DrawnFrame | null;
  /** The world the camera shows (world units, the size told to the server) and its zoom; null outside a match. */
  view(): CameraReadout | null;
  /** The network panel's numbers; null outside a match. */
  net(): NetReadout | null;
  /** The combat feedback this screen showed; null outside a match. */
  feedback(): FeedbackReadout | null;
  /** The scoreboard as shown (rows empty while it is closed); null outside a match. */
  scoreboard(): ScoreboardReadout | null;
  /** The dots the minimap drew last (the own player, teammates, the enemies it shows); null outside a match. */
  minimap(): MinimapReadout | null;
  /** The settings in force and the remembered name; in the menu too. */
  settings(): SettingsReadout | null;
  /** Sound effects asked for and played, per kind, and whether audio has started; in the menu too. */
  sound(): SoundReadout | null;
  /** The boxes the HUD draws on the canvas (player panel, clock, ping, kill feed…), in screen px; null outside a match. */
  hud(): HudBox[] | null;
  /** The touch sticks: shown or not, where the thumbs are, the controls they hold; in the menu too. */
  touch(): TouchReadout | null;
  /** Whether effects are reduced (low-end mode), why, and the measured frame rate; in the menu too. */
  lowEnd(): LowEndReadout | null;
}

export interface CameraReadout {
  width: number;
  height: number;
  zoom: number;
}

/** A box the HUD drew, in CSS px from the page's top left. */
export interface HudBox {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SettingsReadout extends Settings {
  name: string;
}

/** What the page (not a match) reads out for the hook. */
export interface PageSource {
  settings(): SettingsReadout;
  sound(): SoundReadout;
  touch(): TouchReadout;
  lowEnd(): LowEndReadout;
}

export interface ScoreboardReadout {
  open: boolean;
  rows: ScoreboardRow[];
}

export interface MinimapReadout {
  shown: boolean;
  dots: MinimapDot[];
  /** When the minimap was last drawn (`performance.now()`). */
  at: number;
  /** Whether it was drawn in the colour-blind-safe palette (dots shaped by side). */
  safePalette: boolean;
}

/** What the match's overlays read out for the hook. */
export interface OverlaySource {
  scoreboard(): ScoreboardReadout;
  minimap(): MinimapReadout;
}

/** What the player was shown of the fight: times are `performance.now()`. */
export interface FeedbackReadout {
  /** The latest hit markers (with their damage numbers) for this player's own shots, oldest first. */
  hitMarkers: { victim: string; victimName: string; damage: number; text: string; kill: boolean; at: number }[];
  /** Times the own player was seen hurt (red flash and camera shake), and the latest. */
  hurtFlashes: number;
  lastHurtAt: number | null;
  /** The killer's name on the death screen while it is up; null otherwise. */
  deathScreenKiller: string | null;
  /** Whether the low-health warning is on. */
  lowHealthWarning: boolean;
  /** The session id the camera is following (the killer during the respawn wait, else the own player). */
  cameraFollows: string | null;
  /** Whether the "leave the match?" confirmation is open. */
  leaveConfirmOpen: boolean;
}

declare global {
  interface Window {
    __skirmish?: SkirmishTestHook;
  }
}

type DrawnSprites = ReadonlyMap<string, {
  readonly visible: boolean;
  readonly shown: { readonly x: number; readonly y: number };
  readonly style: BodyStyle | null;
}>;

let current: ArenaConnection | null = null;
let feedbackSource: (() => FeedbackReadout) | null = null;
let overlaySource: OverlaySource | null = null;
let hudSource: (() => HudBox[]) | null = null;
let cameraSource: (() => CameraReadout) | null = null;
/** The sprites of the latest frame: read only when asked, so a frame pays nothing for the hook. */
let lastFrame: { sprites: DrawnSprites; at: number } | null = null;

export function installTestHook(target: Window, page: PageSource | null = null): void {
  const hook: SkirmishTestHook = Object.freeze({
    get sessionId() { return current?.sessionId ?? null; },
    get roomId() { return current?.roomId ?? null; },
    get connected() { return current !== null && current.synced && current.status === "connected"; },
    state: () => (current?.synced ? snapshotState(current.state) : null),
    drawn: () => (lastFrame ? drawnFrame(lastFrame.sprites, lastFrame.at) : null),
    view: () => (current && cameraSource ? cameraSource() : null),
    net: () => current?.view.readout(performance.now()) ?? null,
    feedback: () => (current && feedbackSource ? feedbackSource() : null),
    scoreboard: () => (current && overlaySource ? overlaySource.scoreboard() : null),
    minimap: () => (current && overlaySource ? overlaySource.minimap() : null),
    settings: () => page?.settings() ?? null,
    sound: () => page?.sound() ?? null,
    hud: () => (current && hudSource ? hudSource() : null),
    touch: () => page?.touch() ?? null,
    lowEnd: () => page?.lowEnd() ?? null,
  });
  Object.defineProperty(target, "__skirmish", { value: hook, configurable: false, writable: false });
}

/** The connection the hook reports on; null when back in the menu. */
export function exposeConnection(connection: ArenaConnection | null): void {
  current = connection;
  lastFrame = null;
}

/** What feedback() reads; null when back in the menu. */
export function exposeFeedback(source: (() => FeedbackReadout) | null): void {
  feedbackSource = source;
}

/** What scoreboard() and minimap() read; null when back in the menu. */
export function exposeOverlays(source: OverlaySource | null): void {
  overlaySource = source;
}

/** What hud() reads; null when the HUD is not up. */
export function exposeHud(source: (() => HudBox[]) | null): void {
  hudSource = source;
}

/** What view() reads; null when back in the menu. */
export function exposeCamera(source: (() => CameraReadout) | null): void {
  cameraSource = source;
}

/** Called once per rendered frame with the sprites it drew. */
export function recordDrawnFrame(sprites: DrawnSprites, at: number): void {
  if (lastFrame?.sprites === sprites) lastFrame.at = at;
  else lastFrame = { sprites, at };
}

function drawnFrame(sprites: DrawnSprites, at: number): DrawnFrame {
  const players: DrawnFrame["players"] = {};
  for (const [id, sprite] of sprites) {
    if (!sprite.visible) continue;
    players[id] = { x: sprite.shown.x, y: sprite.shown.y, color: sprite.style?.color ?? 0, mark: sprite.style?.mark ?? "none" };
  }
  return { players, at };
}
