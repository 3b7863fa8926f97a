import Phaser from "phaser";
import { ARENA_BASE_SIZE_U, PROJECTILE_DAMAGE } from "../../../shared/constants.ts";
import { tookPickup } from "../audio/cues.ts";
import { heardShotGain } from "../audio/mix.ts";
import type { GameServices } from "../game/services.ts";
import { generateMap, type ArenaMap } from "../../../shared/sim/map.ts";
import { aimAngle, frameFromControls, type Control, type ControlSnapshot } from "../input/controls.ts";
import { isEditable } from "../input/isEditable.ts";
import { KeyboardControls } from "../input/KeyboardControls.ts";
import type { ArenaConnection, CloseInfo } from "../net/connection.ts";
import type { FrameView } from "../net/MatchView.ts";
import { describeLeave, leavesToMenu } from "../net/describeError.ts";
import { exposeCamera, exposeConnection, exposeFeedback, exposeOverlays, recordDrawnFrame } from "../testHook.ts";
import { drawArena } from "../view/arenaBackdrop.ts";
import { fitView, type CameraFit } from "../view/camera.ts";
import { CombatEffects, SELF_FLASH_MS, TARGET_FLASH_MS } from "../view/CombatEffects.ts";
import { CameraFollow, CombatFeedback, flashStrength, followsKiller } from "../view/feedback.ts";
import { Depth } from "../view/depth.ts";
import { Palette, projectileColor } from "../view/palette.ts";
import { PickupSprite } from "../view/PickupSprite.ts";
import { PlayerSprite } from "../view/PlayerSprite.ts";
import { edgeArrow, likelyAttacker, minimapDots, minimapOthers, RecentAttackers, RecentFire, type EdgeArrow, type MinimapPlayer, type SeenShot } from "../view/minimap.ts";
import { scoreboardRows } from "../view/scoreboard.ts";
import type { MenuSceneData } from "./MenuScene.ts";
import { SceneKey } from "./sceneKeys.ts";

export interface ArenaSceneData {
  connection: ArenaConnection;
}

/** The camera shake when the own player is hit: short, and a few pixels (a fraction of the view). */
const HURT_SHAKE_MS = 150;
const HURT_SHAKE_INTENSITY = 0.004;
const HURT_FLASH_COLOR = 0xef4444;
const TARGET_FLASH_COLOR = 0xffffff;

/** The minimap is redrawn at most this often. */
const MINIMAP_REDRAW_MS = 50;
/** A shot that vanished this recently may be the one that just hurt the own player. */
const VANISHED_SHOT_MS = 400;
/** Attacker arrows keep this far (screen px) inside the screen's edge. */
const ARROW_MARGIN_PX = 36;

/**
 * The match as the netcode places it: map, players (the own one predicted, others
 * interpolated), projectiles and pickups, with a camera on the local player. It turns the
 * devices into an intent each frame; it never decides rules.
 */
export class ArenaScene extends Phaser.Scene {
  private connection!: ArenaConnection;
  private keyboard: KeyboardControls | null = null;
  private map: ArenaMap | null = null;
  private arenaArt: Phaser.GameObjects.Graphics[] = [];
  private readonly players = new Map<string, PlayerSprite>();
  private pickups: PickupSprite[] = [];
  private shots!: Phaser.GameObjects.Graphics;
  private readonly seen = new Set<string>();
  /** What the keyboard and the touch sticks hold together, refilled every frame. */
  private readonly held = new Set<Control>();
  private readonly controls: ControlSnapshot = { held: this.held, aim: 0, pointerFiring: false };
  private disposers: (() => void)[] = [];
  private feedback!: CombatFeedback;
  private effects: CombatEffects | null = null;
  private readonly cameraFollow = new CameraFollow();
  /** When this screen last showed each target hit by the own shots, for their white flash. */
  private readonly targetFlashes = new Map<string, number>();
  private hurtAt = -Infinity;
  private diedAt: number | null = null;
  /** Where a leave takes the player: the menu, or straight into another match ("Play again"). */
  private nextMenu: MenuSceneData = {};
  /** Who fired lately (for the minimap), who hurt the own player lately (for the edge arrows). */
  private readonly recentFire = new RecentFire();
  private readonly attackers = new RecentAttackers();
  /** The edge arrows of this frame, in screen px; the HUD draws them. */
  private readonly arrows: EdgeArrow[] = [];
  /** Other players' shots that stopped early lately, for the attacker guess. */
  private readonly vanished: { shot: SeenShot; at: number }[] = [];
  private minimapDrawnAt = -Infinity;
  /** The camera's zoom and the world it shows, as last fitted to the screen. */
  private cameraFit: CameraFit = fitView(1, 1);
  private readonly reducedMotion = typeof window !== "undefined" && window.matchMedia?.("(prefers-reduced-motion: reduce)").matches === true;

  constructor(private readonly services: GameServices) {
    super({ key: SceneKey.ARENA });
  }

  init(data: ArenaSceneData): void {
    this.connection = data.connection;
    this.map = null;
    this.arenaArt = [];
    this.players.clear();
    this.pickups = [];
    this.controls.aim = 0;
    this.disposers = [];
    this.feedback = new CombatFeedback(data.connection.sessionId);
    this.targetFlashes.clear();
    this.hurtAt = -Infinity;
    this.diedAt = null;
    this.nextMenu = {};
    this.cameraFollow.subject = null;
    this.attackers.clear();
    this.arrows.length = 0;
    this.vanished.length = 0;
    this.minimapDrawnAt = -Infinity;
  }

  create(): void {
    const connection = this.connection;
    this.cameras.main.setBackgroundColor(Palette.background);
    this.fitCamera();
    this.cameras.main.centerOn(ARENA_BASE_SIZE_U / 2, ARENA_BASE_SIZE_U / 2);
    this.scale.on(Phaser.Scale.Events.RESIZE, this.fitCamera, this);
    this.shots = this.add.graphics().setDepth(Depth.PROJECTILES);
    this.effects = new CombatEffects(this);
    this.services.lowEnd.resetWindow();
    if (this.services.lowEnd.on) this.reduceEffects();

    this.keyboard = new KeyboardControls(window);
    this.services.touch.attach();
    this.disposers.push(() => this.services.touch.detach());
    this.input.mouse?.disableContextMenu();

    // Esc asks first: Esc again (or Enter) leaves, anything else keeps playing.
    const { leaveConfirm } = this.services;
    const onEscape = (event: KeyboardEvent) => {
      if (event.code !== "Escape" || event.repeat || isEditable(event.target)) return;
      if (connection.status === "closed") this.scene.start(SceneKey.MENU);
      else leaveConfirm.open(() => void connection.leave());
    };
    window.addEventListener("keydown", onEscape);
    this.disposers.push(() => window.removeEventListener("keydown", onEscape), () => leaveConfirm.close());
    this.watchConnection(connection);
    this.watchCombat(connection);
    this.listenToShots(connection);
    const { sound, settings } = this.services;
    connection.view.onOwnAction = (action) => sound.play(action);
    this.disposers.push(() => { connection.view.onOwnAction = null; });
    this.services.netPanel.attach(() => connection.view.readout(performance.now()), settings.current.showNetPanel);
    this.disposers.push(() => this.services.netPanel.detach());
    const { scoreboard, minimap } = this.services;
    scoreboard.attach(() => connection.synced ? {
      rows: scoreboardRows(connection.state.players, connection.sessionId),
      teams: connection.state.mode === "teams",
      pingMs: connection.view.clock.rttMs,
    } : null);
    minimap.show();
    this.disposers.push(() => scoreboard.detach(), () => minimap.hide());
    exposeOverlays({
      scoreboard: () => ({ open: scoreboard.open, rows: scoreboard.shownRows.map((r) => ({ ...r })) }),
      minimap: () => ({ shown: minimap.shown, dots: minimap.shownDots.map((d) => ({ ...d })), at: minimap.drawnAt, safePalette: minimap.drewSafePalette }),
    });

    this.scene.launch(SceneKey.HUD, { connection, feedback: this.feedback, arrows: this.arrows });
    // A private room plays on with the same friends: "Play again" is for public matches.
    this.scene.launch(SceneKey.RESULTS, { connection, playAgain: connection.roomCode ? null : () => this.playAgain() });
    exposeConnection(connection);
    exposeCamera(() => ({ ...this.cameraFit }));
    const feedback = this.feedback;
    exposeFeedback(() => ({
      hitMarkers: feedback.markers.map((m) => ({ ...m })),
      hurtFlashes: feedback.hurtCount,
      lastHurtAt: feedback.lastHurtAt,
      deathScreenKiller: feedback.deathScreenShown,
      lowHealthWarning: this.services.screenFx.lowHealthShown,
      cameraFollows: this.cameraFollow.subject,
      leaveConfirmOpen: leaveConfirm.isOpen,
    }));
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.teardown());
  }

  override update(_time: number, deltaMs: number): void {
    const connection = this.connection;
    connection.reportView(this.cameraFit);
    if (!connection.synced) return;
    const state = connection.state;
    const now = performance.now();
    if (this.map?.seed !== state.mapSeed || this.map.width !== state.arenaSize) this.buildMap(state.mapSeed, state.arenaSize);
    this.syncPickups(now);

    if (this.services.lowEnd.frame(now)) this.reduceEffects();
    this.sampleDevices();
    const intent = connection.status === "connected" ? frameFromControls(this.controls) : null;
    const frame = connection.view.render(now, deltaMs, intent, this.controlsChangedAt());
    this.syncPlayers(frame, now);
    this.forgetOldShots(now);
    this.observeSelf(now);
    this.flashPlayers(now);
    this.aimCamera(frame, now, deltaMs);
    this.drawProjectiles(frame);
    this.pointAtAttackers(frame, now);
    this.drawMinimap(frame, now);
    this.effects?.update(now, this.cameras.main.zoom);
    recordDrawnFrame(this.players, now);
  }

  /** Hits of the own shots become markers and damage numbers; kills name the killer for the death screen. */
  private watchCombat(connection: ArenaConnection): void {
    const feedback = this.feedback;
    this.disposers.push(connection.onHit((hit) => {
      const now = performance.now();
      const marker = feedback.onHit(hit, connection.state.players.get(hit.victim)?.name ?? "", now);
      if (!marker) return;
      this.services.sound.play("hitMarker");
      const sprite = this.players.get(hit.victim);
      this.effects?.hit(marker, sprite?.visible ? sprite.shown : null);
      this.targetFlashes.set(hit.victim, now);
    }));
    this.disposers.push(connection.onKill((kill) => {
      feedback.onKill(kill, connection.state.players.get(kill.killer)?.name ?? "", performance.now());
      if (kill.killer === connection.sessionId && kill.victim !== connection.sessionId) this.services.sound.play("kill");
      if (kill.victim === connection.sessionId && kill.killer !== kill.victim) this.attackers.note(kill.killer, performance.now());
    }));
  }

  /** Being hit: a red flash at the screen's edges and on the own player, and a short camera shake. */
  private observeSelf(now: number): void {
    const me = this.connection.state.players.get(this.connection.sessionId);
    if (!me) return;
    const change = this.feedback.observeSelf(me.hp, me.shield, me.alive, now);
    if (change.died) this.diedAt = now;
    if (!change.hurt) return;
    this.hurtAt = now;
    this.services.sound.play("hurt");
    const attacker = likelyAttacker({ id: this.connection.sessionId, team: me.team, x: me.x, y: me.y }, this.vanished.map((v) => v.shot));
    if (attacker) this.attackers.note(attacker, now);
    this.services.screenFx.hurt(change.lost / PROJECTILE_DAMAGE);
    // The shake offsets the camera only: every player stays where the netcode draws it.
    if (!this.reducedMotion && !this.services.lowEnd.on) this.cameras.main.shake(HURT_SHAKE_MS, HURT_SHAKE_INTENSITY, true);
  }

  private flashPlayers(now: number): void {
    const me = this.connection.sessionId;
    for (const [id, sprite] of this.players) {
      if (id === me) {
        sprite.flash(HURT_FLASH_COLOR, flashStrength(now - this.hurtAt, SELF_FLASH_MS));
        continue;
      }
      const at = this.targetFlashes.get(id);
      const strength = at === undefined ? 0 : flashStrength(now - at, TARGET_FLASH_MS);
      if (at !== undefined && strength === 0) this.targetFlashes.delete(id);
      sprite.flash(TARGET_FLASH_COLOR, strength);
    }
  }

  /** On the own player; during the respawn wait on the killer while this screen draws them alive. */
  private aimCamera(frame: FrameView, now: number, deltaMs: number): void {
    const self = frame.self;
    if (!self) return;
    const killer = this.feedback.killer;
    const killerAt = killer ? frame.remotes.get(killer.id) : undefined;
    const sinceDeath = this.diedAt === null ? 0 : now - this.diedAt;
    const onKiller = killer && killerAt && followsKiller(self.alive, killer, killerAt.alive, sinceDeath);
    const centre = onKiller
      ? this.cameraFollow.update(killer.id, killerAt.x, killerAt.y, deltaMs)
      : this.cameraFollow.update(this.connection.sessionId, self.x, self.y, deltaMs);
    this.cameras.main.centerOn(centre.x, centre.y);
  }

  /**
   * Other players' shots as they arrive: their owners count as firing (the minimap shows such
   * an enemy) and are heard; those that stop early may be what hurt the own player.
   */
  private listenToShots(connection: ArenaConnection): void {
    const self = connection.sessionId;
    connection.view.shotListener = {
      launched: ({ ownerId, launch }) => {
        if (!ownerId || ownerId === self) return; // the own shots sound as the prediction fires them
        this.recentFire.observe(ownerId, performance.now(), { x: launch.x0, y: launch.y0 });
        const ear = this.players.get(self)?.shown;
        if (ear) this.services.sound.play("remoteFire", heardShotGain(Math.hypot(launch.x0 - ear.x, launch.y0 - ear.y)));
      },
      stopped: ({ ownerId, team, launch }) => {
        this.vanished.push({ shot: { ownerId, team, x0: launch.x0, y0: launch.y0, heading: launch.heading }, at: performance.now() });
      },
    };
    this.disposers.push(() => { connection.view.shotListener = null; });
  }

  private forgetOldShots(now: number): void {
    while (this.vanished.length > 0 && now - this.vanished[0].at > VANISHED_SHOT_MS) this.vanished.shift();
  }

  /** Arrows at the screen's edge toward recent attackers this screen draws off screen. */
  private pointAtAttackers(frame: FrameView, now: number): void {
    this.arrows.length = 0;
    const camera = this.cameras.main;
    const { width, height } = this.scale.gameSize;
    for (const id of this.attackers.active(now)) {
      const at = frame.remotes.get(id);
      if (!at || !at.alive) continue;
      const arrow = edgeArrow(width, height, (at.x - camera.midPoint.x) * camera.zoom, (at.y - camera.midPoint.y) * camera.zoom, ARROW_MARGIN_PX);
      if (arrow) this.arrows.push(arrow);
    }
  }

  /** The minimap: walls, the camera's view, you, your team, and the enemies that are near or just fired. */
  private drawMinimap(frame: FrameView, now: number): void {
    const { minimap } = this.services;
    if (!this.map || !frame.self || now - this.minimapDrawnAt < MINIMAP_REDRAW_MS) return;
    this.minimapDrawnAt = now;
    const { state, sessionId } = this.connection;
    const self: MinimapPlayer = { id: sessionId, x: frame.self.x, y: frame.self.y, team: frame.self.team, alive: frame.self.alive };
    const others = minimapOthers(self, frame.remotes, state.players, (id) => this.recentFire.firedFrom(id));
    this.recentFire.retain((id) => state.players.has(id));
    const view = this.cameras.main.worldView;
    minimap.draw(this.map, minimapDots(self, others, (id) => this.recentFire.firedAgo(id, now)), { x: view.x, y: view.y, width: view.width, height: view.height },
      this.services.settings.current.colorBlindPalette);
  }

  /** Results' "Play again": leave, then quick play in the same mode through the menu's usual join. */
  private playAgain(): void {
    if (this.nextMenu.autoJoin) return;
    this.nextMenu = { autoJoin: { mode: this.connection.state.mode === "teams" ? "teams" : "ffa" } };
    if (this.connection.status === "closed") this.scene.start(SceneKey.MENU, this.nextMenu);
    else void this.connection.leave();
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
      this.services.leaveConfirm.close();
      if (!message) this.scene.start(SceneKey.MENU, this.nextMenu);
      else if (leavesToMenu(info.code)) this.scene.start(SceneKey.MENU, { notice: message });
      else overlay.showLost(message);
    }));
    this.disposers.push(() => {
      overlay.hide();
      overlay.onBack = null;
    });
  }

  private buildMap(seed: number, size: number): void {
    for (const art of this.arenaArt) art.destroy();
    for (const pickup of this.pickups) pickup.destroy();
    this.pickups = [];
    this.map = generateMap(seed, size);
    this.fitCamera(); // the camera's bounds follow the arena's size
    this.arenaArt = drawArena(this, this.map);
  }

  private syncPickups(now: number): void {
    const pickups = this.connection.state.pickups;
    if (this.pickups.length !== pickups.length) {
      for (const pickup of this.pickups) pickup.destroy();
      this.pickups = pickups.map((p) => new PickupSprite(this, p.kind, p.x, p.y));
      for (const pickup of this.pickups) pickup.still = this.services.lowEnd.on;
    }
    const me = this.connection.state.players.get(this.connection.sessionId);
    pickups.forEach((p, i) => {
      if (this.pickups[i].update(p.active, now) && me && tookPickup(me, p)) this.services.sound.play("pickup");
    });
  }

  /**
   * The keyboard and the touch sticks together; the aim from the aim stick while a finger is
   * in use, else from the mouse, from where the own player was drawn last frame.
   */
  private sampleDevices(): void {
    const { touch } = this.services;
    this.held.clear();
    for (const control of this.keyboard?.held ?? []) this.held.add(control);
    for (const control of touch.sticks.held) this.held.add(control);
    if (touch.inUse) {
      this.controls.aim = touch.sticks.aim ?? this.controls.aim;
      this.controls.pointerFiring = false; // a finger on the screen is a stick, not a click
      return;
    }
    const pointer = this.input.activePointer;
    const self = this.players.get(this.connection.sessionId);
    if (self) {
      const world = this.cameras.main.getWorldPoint(pointer.x, pointer.y);
      this.controls.aim = aimAngle(self.shown.x, self.shown.y, world.x, world.y, this.controls.aim);
    }
    this.controls.pointerFiring = pointer.isDown && pointer.leftButtonDown();
  }

  /** When the keys, the sticks or the fire button last changed: a new intent is sent from that moment. */
  private controlsChangedAt(): number {
    const pointer = this.input.activePointer;
    return Math.max(this.keyboard?.changedAt ?? 0, this.services.touch.sticks.changedAt, pointer.downTime, pointer.upTime);
  }

  /** Creates, places and removes player sprites from the frame's placements. */
  private syncPlayers(frame: FrameView, now: number): void {
    const { sessionId, state } = this.connection;
    const safePalette = this.services.settings.current.colorBlindPalette;
    this.seen.clear();
    state.players.forEach((player, id) => {
      const at = id === sessionId ? frame.self : frame.remotes.get(id);
      if (!at) return;
      this.seen.add(id);
      let sprite = this.players.get(id);
      if (!sprite) {
        sprite = new PlayerSprite(this, id === sessionId);
        this.players.set(id, sprite);
      }
      sprite.update(player, at, frame.renderTick, now, safePalette);
    });
    for (const [id, sprite] of this.players) {
      if (!this.seen.has(id)) {
        sprite.destroy();
        this.players.delete(id);
      }
    }
  }

  private drawProjectiles(frame: FrameView): void {
    const g = this.shots.clear();
    const lowEnd = this.services.lowEnd.on; // no glow around each shot
    for (const shot of frame.shots) {
      const color = projectileColor(shot.team, shot.own);
      g.lineStyle(4, color, 0.35).lineBetween(shot.tailX, shot.tailY, shot.x, shot.y);
      if (!lowEnd) g.fillStyle(color, 0.25).fillCircle(shot.x, shot.y, 9);
      g.fillStyle(color, 1).fillCircle(shot.x, shot.y, 4.5);
    }
  }

  /** Low-end mode: no damage numbers, a plain hit flash, pickups that do not pulse (and, where they are drawn, no shake or shot glow). */
  private reduceEffects(): void {
    this.services.screenFx.setSimple(true);
    if (this.effects) this.effects.numbersShown = false;
    for (const pickup of this.pickups) pickup.still = true;
  }

  /** Fits the camera to the screen; the next frame tells the server if the world it shows changed. */
  private fitCamera(): void {
    const { width, height } = this.scale.gameSize;
    this.cameraFit = fitView(width, height);
    const zoom = this.cameraFit.zoom;
    this.cameras.main.setZoom(zoom);
    // The camera may show half a screen beyond the arena, so it keeps the own player centred
    // even in a corner, where the HUD's corner boxes would otherwise cover it.
    const marginX = width / zoom / 2, marginY = height / zoom / 2;
    const arena = this.map?.width ?? ARENA_BASE_SIZE_U;
    this.cameras.main.setBounds(-marginX, -marginY, arena + marginX * 2, arena + marginY * 2);
  }

  private teardown(): void {
    this.scale.off(Phaser.Scale.Events.RESIZE, this.fitCamera, this);
    for (const dispose of this.disposers) dispose();
    this.disposers = [];
    this.keyboard?.dispose();
    this.keyboard = null;
    for (const sprite of this.players.values()) sprite.destroy();
    this.players.clear();
    this.effects?.destroy();
    this.effects = null;
    this.services.screenFx.clear();
    exposeFeedback(null);
    exposeOverlays(null);
    this.scene.stop(SceneKey.HUD);
    this.scene.stop(SceneKey.RESULTS);
    exposeConnection(null);
    exposeCamera(null);
    if (this.connection.status !== "closed") void this.connection.leave();
  }
}
