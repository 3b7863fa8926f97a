import Phaser from "phaser";
import { WORLD_HEIGHT_U, WORLD_WIDTH_U } from "../../../shared/constants.ts";
import type { PlayerState } from "../../../shared/schema.ts";
import type { GameServices } from "../game/services.ts";
import { generateMap, type ArenaMap } from "../../../shared/sim/map.ts";
import { projectileWallTicks } from "../../../shared/sim/weapon.ts";
import { aimAngle, type ControlSnapshot } from "../input/controls.ts";
import { InputSampler } from "../input/InputSampler.ts";
import { isEditable } from "../input/isEditable.ts";
import { KeyboardControls } from "../input/KeyboardControls.ts";
import type { ArenaConnection, CloseInfo } from "../net/connection.ts";
import { describeLeave, leavesToMenu } from "../net/describeError.ts";
import { exposeConnection } from "../testHook.ts";
import { drawArena } from "../view/arenaBackdrop.ts";
import { Depth } from "../view/depth.ts";
import { Palette, projectileColor } from "../view/palette.ts";
import { PickupSprite } from "../view/PickupSprite.ts";
import { PlayerSprite } from "../view/PlayerSprite.ts";
import { projectileDrawPosition } from "../view/projectiles.ts";
import { renderTick } from "../view/renderTick.ts";
import { SceneKey } from "./sceneKeys.ts";

export interface ArenaSceneData {
  connection: ArenaConnection;
}

/** World units visible across the shorter side of the window, whatever its size. */
const VIEW_SPAN_U = 860;
/** How much of the outside of the arena the camera may show at the edges. */
const CAMERA_MARGIN_U = 160;
/** Trail length behind a projectile, in ticks of flight. */
const TRAIL_TICKS = 0.9;

/**
 * The match as seen from the server state: map, players, projectiles and pickups, with
 * a camera on the local player. It samples input and sends it; it never decides rules.
 */
export class ArenaScene extends Phaser.Scene {
  private connection!: ArenaConnection;
  private keyboard: KeyboardControls | null = null;
  private sampler: InputSampler | null = null;
  private map: ArenaMap | null = null;
  private arenaArt: Phaser.GameObjects.Graphics[] = [];
  private readonly players = new Map<string, PlayerSprite>();
  private pickups: PickupSprite[] = [];
  private readonly wallTicks = new Map<string, number>();
  private shots!: Phaser.GameObjects.Graphics;
  private readonly seen = new Set<string>();
  private readonly point = { x: 0, y: 0 };
  private readonly trail = { x: 0, y: 0 };
  private readonly controls: ControlSnapshot = { held: new Set(), aim: 0, pointerFiring: false };
  private disposers: (() => void)[] = [];

  constructor(private readonly services: GameServices) {
    super({ key: SceneKey.ARENA });
  }

  init(data: ArenaSceneData): void {
    this.connection = data.connection;
    this.map = null;
    this.arenaArt = [];
    this.players.clear();
    this.pickups = [];
    this.wallTicks.clear();
    this.controls.aim = 0;
    this.disposers = [];
  }

  create(): void {
    const connection = this.connection;
    this.cameras.main.setBackgroundColor(Palette.background);
    this.cameras.main.setBounds(-CAMERA_MARGIN_U, -CAMERA_MARGIN_U, WORLD_WIDTH_U + CAMERA_MARGIN_U * 2, WORLD_HEIGHT_U + CAMERA_MARGIN_U * 2);
    this.cameras.main.centerOn(WORLD_WIDTH_U / 2, WORLD_HEIGHT_U / 2);
    this.fitCamera();
    this.scale.on(Phaser.Scale.Events.RESIZE, this.fitCamera, this);
    this.shots = this.add.graphics().setDepth(Depth.PROJECTILES);

    this.keyboard = new KeyboardControls(window);
    this.controls.held = this.keyboard.held;
    this.sampler = new InputSampler(connection.input);
    this.input.mouse?.disableContextMenu();

    const onEscape = (event: KeyboardEvent) => {
      if (event.code !== "Escape" || isEditable(event.target)) return;
      if (connection.status === "closed") this.scene.start(SceneKey.MENU);
      else void connection.leave();
    };
    window.addEventListener("keydown", onEscape);
    this.disposers.push(() => window.removeEventListener("keydown", onEscape));
    this.watchConnection(connection);

    this.scene.launch(SceneKey.HUD, { connection });
    this.scene.launch(SceneKey.RESULTS, { connection });
    exposeConnection(connection);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.teardown());
  }

  override update(_time: number, deltaMs: number): void {
    const connection = this.connection;
    if (!connection.synced) return;
    const state = connection.state;
    const now = performance.now();
    const tick = renderTick(state.tick, connection.lastPatchAt, now);

    if (this.map?.seed !== state.mapSeed) this.buildMap(state.mapSeed);
    this.syncPickups(now);

    const self = state.players.get(connection.sessionId);
    const selfSprite = this.syncPlayers(tick, deltaMs, now);
    if (self && selfSprite) this.cameras.main.centerOn(selfSprite.shown.x, selfSprite.shown.y);

    this.sampleInput(deltaMs, selfSprite, self);
    this.drawProjectiles(tick);
  }

  /** A veil while the connection is being re-established; the menu or a "connection lost" message when it ends. */
  private watchConnection(connection: ArenaConnection): void {
    const overlay = this.services.connectionOverlay;
    overlay.onBack = () => this.scene.start(SceneKey.MENU);
    this.disposers.push(connection.onStatus((status) => {
      if (status === "reconnecting") overlay.showReconnecting();
      else if (status === "connected") overlay.hide();
    }));
    this.disposers.push(connection.onClose((info: CloseInfo) => {
      const message = describeLeave(info.code, info.reason);
      if (leavesToMenu(info.code) || !message) this.scene.start(SceneKey.MENU, { notice: message });
      else overlay.showLost(message);
    }));
    this.disposers.push(() => {
      overlay.hide();
      overlay.onBack = null;
    });
  }

  private buildMap(seed: number): void {
    for (const art of this.arenaArt) art.destroy();
    for (const pickup of this.pickups) pickup.destroy();
    this.pickups = [];
    this.wallTicks.clear();
    this.map = generateMap(seed);
    this.arenaArt = drawArena(this, this.map);
  }

  private syncPickups(now: number): void {
    const pickups = this.connection.state.pickups;
    if (this.pickups.length !== pickups.length) {
      for (const pickup of this.pickups) pickup.destroy();
      this.pickups = pickups.map((p) => new PickupSprite(this, p.kind, p.x, p.y));
    }
    pickups.forEach((p, i) => this.pickups[i].update(p.active, now));
  }

  /** Creates, updates and removes player sprites; returns the local player's sprite. */
  private syncPlayers(tick: number, deltaMs: number, now: number): PlayerSprite | undefined {
    const { sessionId, state } = this.connection;
    this.seen.clear();
    state.players.forEach((player: PlayerState, id: string) => {
      this.seen.add(id);
      let sprite = this.players.get(id);
      if (!sprite) {
        sprite = new PlayerSprite(this, id === sessionId);
        this.players.set(id, sprite);
      }
      sprite.update(player, tick, deltaMs, now, id === sessionId && player.alive ? this.controls.aim : undefined);
    });
    for (const [id, sprite] of this.players) {
      if (!this.seen.has(id)) {
        sprite.destroy();
        this.players.delete(id);
      }
    }
    return this.players.get(sessionId);
  }

  private sampleInput(deltaMs: number, selfSprite: PlayerSprite | undefined, self: PlayerState | undefined): void {
    const pointer = this.input.activePointer;
    if (selfSprite && self?.alive) {
      const world = this.cameras.main.getWorldPoint(pointer.x, pointer.y);
      this.controls.aim = aimAngle(selfSprite.shown.x, selfSprite.shown.y, world.x, world.y, this.controls.aim);
    }
    this.controls.pointerFiring = pointer.isDown && pointer.leftButtonDown();
    this.sampler?.update(deltaMs, this.controls);
  }

  private drawProjectiles(tick: number): void {
    const g = this.shots.clear();
    const map = this.map;
    if (!map) return;
    const { sessionId, state } = this.connection;
    this.seen.clear();
    state.projectiles.forEach((shot, id) => {
      this.seen.add(id);
      let wall = this.wallTicks.get(id);
      if (wall === undefined) {
        wall = projectileWallTicks(shot, map);
        this.wallTicks.set(id, wall);
      }
      const at = projectileDrawPosition(shot, tick, wall, this.point);
      if (!at) return;
      const color = projectileColor(shot.team, shot.ownerId === sessionId);
      const tail = projectileDrawPosition(shot, Math.max(shot.spawnTick, tick - TRAIL_TICKS), wall, this.trail) ?? at;
      g.lineStyle(4, color, 0.35).lineBetween(tail.x, tail.y, at.x, at.y);
      g.fillStyle(color, 0.25).fillCircle(at.x, at.y, 9);
      g.fillStyle(color, 1).fillCircle(at.x, at.y, 4.5);
    });
    for (const id of this.wallTicks.keys()) if (!this.seen.has(id)) this.wallTicks.delete(id);
  }

  private fitCamera(): void {
    const { width, height } = this.scale.gameSize;
    const zoom = Phaser.Math.Clamp(Math.min(width, height) / VIEW_SPAN_U, 0.45, 1.6);
    this.cameras.main.setZoom(zoom);
  }

  private teardown(): void {
    this.scale.off(Phaser.Scale.Events.RESIZE, this.fitCamera, this);
    for (const dispose of this.disposers) dispose();
    this.disposers = [];
    this.keyboard?.dispose();
    this.keyboard = null;
    this.sampler = null;
    for (const sprite of this.players.values()) sprite.destroy();
    this.players.clear();
    this.scene.stop(SceneKey.HUD);
    this.scene.stop(SceneKey.RESULTS);
    exposeConnection(null);
    if (this.connection.status !== "closed") void this.connection.leave();
  }
}
