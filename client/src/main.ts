import "./styles.css";
import { startGame } from "./game/startGame.ts";
import { resolveServerUrl } from "./net/serverUrl.ts";
import { installTestHook } from "./testHook.ts";
import { MenuOverlay } from "./ui/MenuOverlay.ts";

const parent = document.getElementById("game");
if (!parent) throw new Error("#game is missing from index.html");

installTestHook(window);
startGame(parent, {
  menu: new MenuOverlay(document),
  serverUrl: resolveServerUrl(window.location),
});
