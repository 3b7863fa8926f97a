import type { Sound } from "../audio/Sound.ts";
import type { TouchControls } from "../input/TouchControls.ts";
import type { SessionStore } from "../net/savedSession.ts";
import type { ChatPanel } from "../ui/ChatPanel.ts";
import type { ConnectionOverlay } from "../ui/ConnectionOverlay.ts";
import type { ControlsHint } from "../ui/ControlsHint.ts";
import type { LeaveConfirm } from "../ui/LeaveConfirm.ts";
import type { LobbyPanel } from "../ui/LobbyPanel.ts";
import type { Minimap } from "../ui/Minimap.ts";
import type { MenuOverlay } from "../ui/MenuOverlay.ts";
import type { NetPanel } from "../ui/NetPanel.ts";
import type { PlayAgainButton } from "../ui/PlayAgainButton.ts";
import type { RoomCodeBadge } from "../ui/RoomCodeBadge.ts";
import type { Scoreboard } from "../ui/Scoreboard.ts";
import type { ScreenFx } from "../ui/ScreenFx.ts";
import type { SettingsPanel } from "../ui/SettingsPanel.ts";
import type { LowEndMode } from "../view/LowEndMode.ts";

/** What the scenes are given instead of reaching for the page: its HTML parts, storage and server. */
export interface GameServices {
  serverUrl: string;
  menu: MenuOverlay;
  lobby: LobbyPanel;
  chat: ChatPanel;
  roomBadge: RoomCodeBadge;
  connectionOverlay: ConnectionOverlay;
  /** "Leave the match?" after Esc. */
  leaveConfirm: LeaveConfirm;
  /** The hit flash and the low-health warning over the whole screen. */
  screenFx: ScreenFx;
  /** The network panel (F3). */
  netPanel: NetPanel;
  /** The scoreboard (hold Tab, or its button). */
  scoreboard: Scoreboard;
  /** The minimap in a corner of the match. */
  minimap: Minimap;
  /** The seat this tab holds in a match, for a reload to take back. */
  sessions: SessionStore;
  /** Name and mode remembered across visits. */
  preferences: Storage | undefined;
  /** The settings panel (gear buttons, O) and the settings in force. */
  settings: SettingsPanel;
  /** The game's sound effects. */
  sound: Sound;
  /** The twin sticks and dash button on a touch screen. */
  touch: TouchControls;
  /** The keys (or sticks) reminder at the bottom of the match. */
  controlsHint: ControlsHint;
  /** The results' "Play again" button. */
  playAgain: PlayAgainButton;
  /** Fewer effects on a device that cannot keep up (or with ?lowend=1). */
  lowEnd: LowEndMode;
}
