import Phaser from "phaser";
import { ArenaScene } from "../scenes/ArenaScene.ts";
import { HudScene } from "../scenes/HudScene.ts";
import { MenuScene } from "../scenes/MenuScene.ts";
import { ResultsScene } from "../scenes/ResultsScene.ts";
import { Palette } from "../view/palette.ts";
import type { GameServices } from "./services.ts";

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
      new MenuScene(services),
      new ArenaScene(services),
      new HudScene(services),
      new ResultsScene(services),
    ],
  });
}
