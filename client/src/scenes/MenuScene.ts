import Phaser from "phaser";
import { sanitizeName, type GameMode } from "../../../shared/protocol.ts";
import type { GameServices } from "../game/services.ts";
import { LobbyFeed } from "../lobby/LobbyFeed.ts";
import { connectToArena, joinLobby, resumeArena, type ArenaConnection } from "../net/connection.ts";
import { BAD_CODE_MESSAGE, describeJoinError } from "../net/describeError.ts";
import { joinRequestFor, type JoinRequest, type MenuChoice } from "../net/joinRequest.ts";
import type { SavedSession } from "../net/savedSession.ts";
import { wireViewSize } from "../net/ViewReporter.ts";
import { loadPlayerName, savePlayerName } from "../ui/playerName.ts";
import { loadPreferredMode, savePreferredMode } from "../ui/preferredMode.ts";
import { fitView } from "../view/camera.ts";
import { Palette } from "../view/palette.ts";
import { SceneKey } from "./sceneKeys.ts";

export interface MenuSceneData {
  /** Why the player is back in the menu (a lost connection), shown as an error. */
  notice?: string | null;
  /** "Play again" from the results: quick play in this mode at once, as the Play button would. */
  autoJoin?: { mode: GameMode };
}

interface Drifter {
  x: number;
  y: number;
  vx: number;
  vy: number;
  color: number;
}

const GRID_PX = 64;
/** The lobby's clocks count down in whole seconds; redrawing a few times a second keeps them on time. */
const LOBBY_REDRAW_MS = 250;

/**
 * Name, mode, quick play, private rooms and the live list of open rooms. The form is HTML;
 * the scene draws a quiet arena backdrop behind it and does the joining.
 */
export class MenuScene extends Phaser.Scene {
  private backdrop!: Phaser.GameObjects.Graphics;
  private drifters: Drifter[] = [];
  private joining = false;
  private feed: LobbyFeed | null = null;
  private lobbyDrawnAt = -Infinity;

  constructor(private readonly services: GameServices) {
    super({ key: SceneKey.MENU });
  }

  create(data: MenuSceneData): void {
    const { menu, lobby, serverUrl, sessions, preferences, settings } = this.services;
    this.joining = false;
    this.cameras.main.setBackgroundColor(Palette.background);
    this.backdrop = this.add.graphics();
    const colors = [Palette.self, Palette.enemy, Palette.enemy, Palette.teams[1], Palette.teams[2]];
    this.drifters = Array.from({ length: 9 }, (_, i) => ({
      x: Math.random(), y: Math.random(),
      vx: (Math.random() - 0.5) * 0.03, vy: (Math.random() - 0.5) * 0.03,
      color: colors[i % colors.length],
    }));

    const feed = new LobbyFeed((listener) => joinLobby(serverUrl, listener), (status) => {
      lobby.setStatus(status);
      this.drawLobby();
    });
    this.feed = feed;
    menu.onChoice = (choice) => void this.join(choice);
    lobby.onJoin = (roomId) => menu.chooseListedRoom(roomId);
    menu.show(loadPlayerName(preferences), data?.autoJoin?.mode ?? loadPreferredMode(preferences), data?.notice ?? null);
    // The settings panel's name field and the menu's are one name.
    settings.nameLink = { read: () => menu.name, write: (name) => { menu.name = name; } };
    lobby.setBusy(false);

    const saved = sessions.load();
    if (data?.autoJoin) {
      // The same path as pressing Play, with the name the menu remembers; the lobby only if that fails.
      void this.join({ kind: "quickPlay", name: menu.name, mode: data.autoJoin.mode }).then((joined) => { if (!joined) this.feed?.start(); });
    } else if (saved) {
      void this.resume(saved);
    } else {
      feed.start();
    }

    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      // In a match the lobby's updates are of no use: leave it, and join again on return.
      feed.stop();
      this.feed = null;
      lobby.clear();
      menu.onChoice = null;
      lobby.onJoin = null;
      settings.nameLink = null;
      menu.hide();
    });
  }

  override update(time: number, deltaMs: number): void {
    this.drawBackdrop(deltaMs);
    if (time - this.lobbyDrawnAt >= LOBBY_REDRAW_MS) this.drawLobby();
  }

  private drawLobby(): void {
    this.lobbyDrawnAt = this.time.now;
    if (this.feed) this.services.lobby.render(this.feed.rooms.rows(Date.now()));
  }

  private drawBackdrop(deltaMs: number): void {
    const { width, height } = this.scale.gameSize;
    const g = this.backdrop.clear();
    g.lineStyle(1, Palette.gridMinor, 1);
    g.beginPath();
    for (let x = (width / 2) % GRID_PX; x < width; x += GRID_PX) { g.moveTo(x, 0); g.lineTo(x, height); }
    for (let y = (height / 2) % GRID_PX; y < height; y += GRID_PX) { g.moveTo(0, y); g.lineTo(width, y); }
    g.strokePath();
    const seconds = deltaMs / 1000;
    for (const d of this.drifters) {
      d.x += d.vx * seconds;
      d.y += d.vy * seconds;
      if (d.x < 0 || d.x > 1) d.vx = -d.vx;
      if (d.y < 0 || d.y > 1) d.vy = -d.vy;
      g.fillStyle(d.color, 0.16).fillCircle(d.x * width, d.y * height, 20);
      g.lineStyle(2, d.color, 0.3).strokeCircle(d.x * width, d.y * height, 20);
    }
  }

  /** After a reload mid-match: take the seat back, or fall through to the menu when it is gone. */
  private async resume(saved: SavedSession): Promise<void> {
    const { menu, serverUrl, sessions } = this.services;
    this.setJoining(true, "Rejoining your match…");
    try {
      this.enter(await resumeArena(saved, serverUrl, sessions));
    } catch {
      sessions.clear();
      this.setJoining(false);
      menu.showError(null);
      this.feed?.start();
    }
  }

  /** Joins as the menu asked; false when it did not (the error is on the menu). */
  private async join(choice: MenuChoice): Promise<boolean> {
    if (this.joining) return false;
    const { menu, serverUrl, sessions, preferences } = this.services;
    const name = sanitizeName(choice.name);
    savePlayerName(preferences, name);
    if (choice.kind === "quickPlay" || choice.kind === "createPrivate") savePreferredMode(preferences, choice.mode);
    const { width, height } = this.scale.gameSize;
    const request = joinRequestFor({ ...choice, name }, wireViewSize(fitView(width, height)));
    if (!request.ok) {
      menu.showError(BAD_CODE_MESSAGE);
      return false;
    }
    menu.showError(null);
    this.setJoining(true, joiningStatus(request.value));
    try {
      this.enter(await connectToArena(request.value, serverUrl, sessions));
      return true;
    } catch (error) {
      this.setJoining(false);
      menu.showError(describeJoinError(error, serverUrl, request.value));
      return false;
    }
  }

  private enter(connection: ArenaConnection): void {
    if (!this.scene.isActive()) {
      void connection.leave();
      return;
    }
    this.scene.start(SceneKey.ARENA, { connection });
  }

  private setJoining(joining: boolean, status = ""): void {
    this.joining = joining;
    this.services.menu.setBusy(joining, status);
    this.services.lobby.setBusy(joining);
  }
}

function joiningStatus(request: JoinRequest): string {
  switch (request.method) {
    case "joinOrCreate": return "Finding a match…";
    case "create": return "Opening a private room…";
    case "joinById": return request.privateRoom ? `Joining room ${request.roomId}…` : "Joining the room…";
  }
}
