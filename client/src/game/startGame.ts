import Phaser from "phaser";
import { ArenaScene } from "../scenes/ArenaScene.ts";
import { HudScene } from "../scenes/HudScene.ts";
import { MenuScene } from "../scenes/MenuScene.ts";
import { ResultsScene } from "../scenes/ResultsScene.ts";
import type { MenuOverlay } from "../ui/MenuOverlay.ts";
import { Palette } from "../view/palette.ts";

export interface GameServices {
  menu: MenuOverlay;
  serverUrl: string;
}

/** The Phaser game: canvas renderer, filling its parent, scenes in draw order (later on top). */
export function startGame(parent: HTMLElement, services: GameServices): Phaser.Game {
  return new Phaser.Game({
    type: Phaser.CANVAS,
    parent,
    backgroundColor: Palette.background,
    banner: false,
    disableContextMenu: true,
    audio: { noAudio: true },
    scale: {
      mode: Phaser.Scale.RESIZE,
      width: "100%",
      height: "100%",
    },
    render: { antialias: true },
    scene: [
      new MenuScene(services.menu, services.serverUrl),
      new ArenaScene(),
      new HudScene(),
      new ResultsScene(),
    ],
  });
}
