// First: with ?lag= it wraps WebSocket before the SDK module captures it.
import { describeSimulatedLatency } from "./net/simulatedLatency.ts";
import "./styles.css";
import { startGame } from "./game/startGame.ts";
import { storedSessions } from "./net/savedSession.ts";
import { resolveServerUrl } from "./net/serverUrl.ts";
import { installTestHook } from "./testHook.ts";
import { ChatPanel } from "./ui/ChatPanel.ts";
import { ConnectionOverlay } from "./ui/ConnectionOverlay.ts";
import { LeaveConfirm } from "./ui/LeaveConfirm.ts";
import { LobbyPanel } from "./ui/LobbyPanel.ts";
import { Minimap } from "./ui/Minimap.ts";
import { MenuOverlay } from "./ui/MenuOverlay.ts";
import { NetPanel } from "./ui/NetPanel.ts";
import { localStore, sessionStore } from "./ui/pageStorage.ts";
import { RoomCodeBadge } from "./ui/RoomCodeBadge.ts";
import { Scoreboard } from "./ui/Scoreboard.ts";
import { ScreenFx } from "./ui/ScreenFx.ts";

const parent = document.getElementById("game");
if (!parent) throw new Error("#game is missing from index.html");

installTestHook(window);
startGame(parent, {
  serverUrl: resolveServerUrl(window.location),
  menu: new MenuOverlay(document),
  lobby: new LobbyPanel(document),
  chat: new ChatPanel(document, localStore()),
  roomBadge: new RoomCodeBadge(document),
  connectionOverlay: new ConnectionOverlay(document),
  leaveConfirm: new LeaveConfirm(document),
  screenFx: new ScreenFx(document),
  netPanel: new NetPanel(document, describeSimulatedLatency()),
  scoreboard: new Scoreboard(document),
  minimap: new Minimap(document),
  sessions: storedSessions(sessionStore()),
  preferences: localStore(),
});
