// First: with ?lag= it wraps WebSocket before the SDK module captures it.
import { describeSimulatedLatency } from "./net/simulatedLatency.ts";
import "./styles.css";
import { Sound } from "./audio/Sound.ts";
import { startGame } from "./game/startGame.ts";
import { TouchControls } from "./input/TouchControls.ts";
import { storedSessions } from "./net/savedSession.ts";
import { resolveServerUrl } from "./net/serverUrl.ts";
import { installTestHook } from "./testHook.ts";
import { ChatPanel } from "./ui/ChatPanel.ts";
import { ConnectionOverlay } from "./ui/ConnectionOverlay.ts";
import { ControlsHint } from "./ui/ControlsHint.ts";
import { LeaveConfirm } from "./ui/LeaveConfirm.ts";
import { LobbyPanel } from "./ui/LobbyPanel.ts";
import { Minimap } from "./ui/Minimap.ts";
import { MenuOverlay } from "./ui/MenuOverlay.ts";
import { NetPanel } from "./ui/NetPanel.ts";
import { localStore, sessionStore } from "./ui/pageStorage.ts";
import { PlayAgainButton } from "./ui/PlayAgainButton.ts";
import { loadPlayerName } from "./ui/playerName.ts";
import { RoomCodeBadge } from "./ui/RoomCodeBadge.ts";
import { Scoreboard } from "./ui/Scoreboard.ts";
import { ScreenFx } from "./ui/ScreenFx.ts";
import { SettingsPanel } from "./ui/SettingsPanel.ts";
import { LowEndMode, lowEndRequested } from "./view/LowEndMode.ts";

const parent = document.getElementById("game");
if (!parent) throw new Error("#game is missing from index.html");

const preferences = localStore();
const settings = new SettingsPanel(document, preferences);
const sound = new Sound(window, settings.current);
settings.onChange((changed) => sound.configure(changed));
const touch = new TouchControls(document);
const lowEnd = new LowEndMode(lowEndRequested(window.location.search));

installTestHook(window, {
  settings: () => ({ ...settings.current, name: loadPlayerName(preferences) }),
  sound: () => sound.readout(),
  touch: () => touch.readout(),
  lowEnd: () => lowEnd.readout(),
});
startGame(parent, {
  serverUrl: resolveServerUrl(window.location),
  menu: new MenuOverlay(document),
  lobby: new LobbyPanel(document),
  chat: new ChatPanel(document, localStore()),
  roomBadge: new RoomCodeBadge(document),
  connectionOverlay: new ConnectionOverlay(document),
  leaveConfirm: new LeaveConfirm(document),
  screenFx: new ScreenFx(document),
  netPanel: new NetPanel(document, describeSimulatedLatency(), () => lowEnd.describe()),
  scoreboard: new Scoreboard(document),
  minimap: new Minimap(document),
  sessions: storedSessions(sessionStore()),
  preferences,
  settings,
  sound,
  touch,
  controlsHint: new ControlsHint(document),
  playAgain: new PlayAgainButton(document),
  lowEnd,
});
