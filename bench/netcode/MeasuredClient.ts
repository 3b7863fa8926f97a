// A headless player that runs the browser client's netcode (MatchView: prediction,
// reconciliation, interpolation, clock sync, own shots) at 60 frames a second, decides like
// a load bot from what it has drawn, and measures what a player would see.
import type { Room } from "@colyseus/sdk";
import { MAX_REWIND_TICKS, MAX_SHOT_ADVANCE_TICKS, RESPAWN_TICKS, TICK_HZ } from "../../shared/constants.ts";
import { ROOM_NAME } from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";
import type { InputLike } from "../../shared/sim/types.ts";
import { FixedStepClock } from "../../client/src/input/FixedStepClock.ts";
import type { FrameView, MatchView } from "../../client/src/net/MatchView.ts";
import { MeteredClient } from "../../client/src/net/meteredClient.ts";
import { VISIBLE_CORRECTION_U } from "../../client/src/net/OwnPrediction.ts";
import { viewRoom } from "../../client/src/net/roomLink.ts";
import { Brain, type Observation, type PlayerView } from "../../loadbots/brain.ts";

const FRAME_MS = 1000 / 60;
/** A remote player counts as moving at constant speed when its per-tick steps differ by less than this (u). */
const CONSTANT_STEP_TOLERANCE_U = 0.5;
/** ...and it moves at least this fast (u/s): standing still says nothing about smoothness. */
const MOVING_SPEED = 100;
/** Drawn speed within this share of the true speed counts as smooth. */
const SPEED_TOLERANCE = 0.15;

interface Snap { tick: number; x: number; y: number; alive: boolean }

/**
 * A seen hit the server did not register whose victim died on the server from this many
 * ticks before the drawn touch to this many after it: the server reaches the shot's step
 * within the compensation window, and a shot never hits the dead.
 */
const DEAD_BEFORE_TICKS = 1;
const DEAD_AFTER_TICKS = MAX_REWIND_TICKS + MAX_SHOT_ADVANCE_TICKS + 2;
/** A seen miss is known once the shot is forgotten, up to ~4 s after it was fired. */
const MISS_REPORT_MS = 4500;

/** What a measurement window saw. */
export interface WindowMeasures {
  seconds: number;
  frames: number;
  /** Own position error at each acknowledged input, predicted vs authoritative (u), excluding respawns and deaths. */
  errorsAtAck: number[];
  /** Reconciliations that snapped (respawn, death, match start). */
  snaps: number;
  /** Visible own corrections (> 1 u, not a snap). */
  corrections: number;
  remoteFrames: number;
  extrapolatedFrames: number;
  constantSpeedFrames: number;
  constantSpeedFramesWithin: number;
  shotsFired: number;
  shotsSeenHit: number;
  shotsSeenAndRegistered: number;
  shotsRegisteredUnseen: number;
  /** Seen hits the server never registered (reported a few seconds after the shot). */
  shotsSeenMissed: number;
  /** ...of which the victim had died on the server just then (killed by another shot first). */
  shotsSeenMissedTargetDead: number;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  pingsMs: number[];
  interpDelaysMs: number[];
}

export class MeasuredClient {
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastFrameAt = 0;
  private readonly brainClock = new FixedStepClock();
  private readonly intent: InputLike = { mx: 0, my: 0, aim: 0, buttons: 0 };
  private readonly history = new Map<string, Snap[]>();
  private readonly lastDrawn = new Map<string, { x: number; y: number; renderTick: number; at: number }>();
  /** Each player's recent deaths, as server ticks (from the respawn tick the state carries). */
  private readonly deaths = new Map<string, number[]>();
  /** Seen misses are counted by the tick they were seen at, within the window's ticks. */
  private missWindow = { fromTick: Infinity, toTick: Infinity, missed: 0, targetDead: 0 };
  private measures: WindowMeasures | null = null;
  private windowStartedAt = 0;
  private base = { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, shots: { fired: 0, seen: 0, registered: 0, unseen: 0 } };
  /** Frames are rendered with a 60 Hz timer; this many frames ran late by more than a frame. */
  lateFrames = 0;

  private constructor(private readonly room: Room<any, ArenaState>, private readonly view: MatchView, private readonly client: MeteredClient, private readonly brain: Brain) {
    room.onMessage("*", () => {});
    room.onStateChange((state) => this.recordSnapshot(state));
    view.onReconcile = (errorAtAck, correction, snapped) => {
      if (!this.measures) return;
      if (snapped) this.measures.snaps++;
      else if (errorAtAck !== null) this.measures.errorsAtAck.push(errorAtAck);
      if (correction > VISIBLE_CORRECTION_U && !snapped) this.measures.corrections++;
    };
    view.onSeenMiss = ({ victim, seenTick }) => {
      const w = this.missWindow;
      if (seenTick < w.fromTick || seenTick > w.toTick) return;
      w.missed++;
      const died = this.deaths.get(victim) ?? [];
      if (died.some((tick) => tick >= seenTick - DEAD_BEFORE_TICKS && tick <= seenTick + DEAD_AFTER_TICKS)) w.targetDead++;
    };
  }

  static async join(httpUrl: string, seed: number): Promise<MeasuredClient> {
    const client = new MeteredClient(httpUrl);
    const room = await client.joinOrCreate(ROOM_NAME, { name: "measured", mode: "ffa" }, ArenaState);
    return new MeasuredClient(room, viewRoom(room, client.counters), client, new Brain(seed));
  }

  get roomId(): string {
    return this.room.roomId;
  }

  get state(): ArenaState {
    return this.room.state;
  }

  start(): void {
    this.lastFrameAt = performance.now();
    this.timer = setInterval(() => this.frame(), FRAME_MS);
  }

  beginWindow(): void {
    const traffic = this.client.counters;
    const shots = this.view.readout(performance.now());
    this.base = {
      messagesIn: traffic.messagesIn, messagesOut: traffic.messagesOut, bytesIn: traffic.bytesIn, bytesOut: traffic.bytesOut,
      shots: { fired: shots.shotsFired, seen: shots.shotsSeenHit, registered: shots.shotsSeenAndRegistered, unseen: shots.shotsRegisteredUnseen },
    };
    this.windowStartedAt = performance.now();
    this.missWindow = { fromTick: this.room.state.tick, toTick: Infinity, missed: 0, targetDead: 0 };
    this.measures = {
      seconds: 0, frames: 0, errorsAtAck: [], snaps: 0, corrections: 0, remoteFrames: 0, extrapolatedFrames: 0,
      constantSpeedFrames: 0, constantSpeedFramesWithin: 0, shotsFired: 0, shotsSeenHit: 0, shotsSeenAndRegistered: 0, shotsRegisteredUnseen: 0,
      shotsSeenMissed: 0, shotsSeenMissedTargetDead: 0,
      messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, pingsMs: [], interpDelaysMs: [],
    };
  }

  /**
   * Ends the window. Shots fired in its last second may still be waiting for the server's
   * word: they are not judged. Seen misses are known only when their shot is forgotten, so
   * those seen before the end are collected for a few seconds more.
   */
  async endWindow(): Promise<WindowMeasures> {
    const m = this.measures!;
    const now = performance.now();
    const traffic = this.client.counters;
    const r = this.view.readout(now);
    m.seconds = (now - this.windowStartedAt) / 1000;
    m.messagesIn = traffic.messagesIn - this.base.messagesIn;
    m.messagesOut = traffic.messagesOut - this.base.messagesOut;
    m.bytesIn = traffic.bytesIn - this.base.bytesIn;
    m.bytesOut = traffic.bytesOut - this.base.bytesOut;
    m.shotsFired = r.shotsFired - this.base.shots.fired;
    m.shotsSeenHit = r.shotsSeenHit - this.base.shots.seen;
    m.shotsSeenAndRegistered = r.shotsSeenAndRegistered - this.base.shots.registered;
    m.shotsRegisteredUnseen = r.shotsRegisteredUnseen - this.base.shots.unseen;
    this.measures = null;
    this.missWindow.toTick = this.room.state.tick;
    await new Promise((resolve) => setTimeout(resolve, MISS_REPORT_MS));
    m.shotsSeenMissed = this.missWindow.missed;
    m.shotsSeenMissedTargetDead = this.missWindow.targetDead;
    return m;
  }

  async leave(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.room.leave(true).catch(() => {});
  }

  private frame(): void {
    const now = performance.now();
    const delta = now - this.lastFrameAt;
    this.lastFrameAt = now;
    if (delta > FRAME_MS * 2) this.lateFrames++;
    // The bot decides once per fixed step, from what was drawn last frame, as a person would.
    if (this.brainClock.advance(delta) > 0) this.decide();
    const frame = this.view.render(now, delta, this.intent);
    this.measureFrame(frame, now);
  }

  private decide(): void {
    const state = this.room.state;
    const drawn = this.view.lastFrame;
    if (!state?.players || !this.view.arena || !drawn) return;
    const players: Observation["players"] = {
      get: (id) => placed(id, state, drawn, this.room.sessionId),
      forEach: (visit) => state.players.forEach((_p, id) => { const p = placed(id, state, drawn, this.room.sessionId); if (p) visit(p, id); }),
    };
    this.brain.decide({ selfId: this.room.sessionId, phase: state.phase, map: this.view.arena, players, pickups: state.pickups }, this.intent);
  }

  private recordSnapshot(state: ArenaState): void {
    state.players.forEach((p, id) => {
      if (id === this.room.sessionId) return;
      if (!p.alive && p.respawnTick > RESPAWN_TICKS) {
        let died = this.deaths.get(id);
        if (!died) this.deaths.set(id, died = []);
        const tick = p.respawnTick - RESPAWN_TICKS;
        if (died[died.length - 1] !== tick) died.push(tick);
        if (died.length > 16) died.shift();
      }
      let snaps = this.history.get(id);
      if (!snaps) this.history.set(id, snaps = []);
      const last = snaps[snaps.length - 1];
      if (last && last.tick >= state.tick) return;
      snaps.push({ tick: state.tick, x: p.x, y: p.y, alive: p.alive });
      if (snaps.length > 64) snaps.shift();
    });
  }

  private measureFrame(frame: FrameView, now: number): void {
    const m = this.measures;
    if (!m) {
      this.lastDrawn.clear();
      return;
    }
    m.frames++;
    const r = this.view.readout(now);
    if (m.frames % 30 === 0) {
      if (r.pingMs !== null) m.pingsMs.push(r.pingMs);
      m.interpDelaysMs.push(r.interpDelayMs);
    }
    for (const [id, drawn] of frame.remotes) {
      const previous = this.lastDrawn.get(id);
      this.lastDrawn.set(id, { x: drawn.x, y: drawn.y, renderTick: frame.renderTick, at: now });
      if (!drawn.alive) continue;
      m.remoteFrames++;
      if (drawn.kind === "extrapolated" || drawn.kind === "frozen") m.extrapolatedFrames++;
      if (!previous) continue;
      const speed = this.constantSpeed(id, previous.renderTick, frame.renderTick);
      if (speed === null) continue;
      m.constantSpeedFrames++;
      const drawnSpeed = (Math.hypot(drawn.x - previous.x, drawn.y - previous.y) / (now - previous.at)) * 1000;
      if (Math.abs(drawnSpeed - speed) <= SPEED_TOLERANCE * speed) m.constantSpeedFramesWithin++;
    }
  }

  /**
   * The true speed (u/s) of a remote player over render ticks from..to when the server's
   * snapshots show it moving at one constant velocity over that span (and one snapshot
   * either side); null otherwise.
   */
  private constantSpeed(id: string, from: number, to: number): number | null {
    const snaps = this.history.get(id);
    if (!snaps || to <= from) return null;
    let first = -1, last = -1;
    for (let i = 0; i < snaps.length; i++) {
      if (snaps[i].tick <= from) first = i;
      if (snaps[i].tick >= to && last < 0) last = i;
    }
    if (first < 1 || last < 0 || last + 1 >= snaps.length) return null;
    let step: { x: number; y: number } | null = null;
    for (let i = first - 1; i < last + 1; i++) {
      const a = snaps[i], b = snaps[i + 1];
      if (!a.alive || !b.alive) return null;
      const ticks = b.tick - a.tick;
      const s = { x: (b.x - a.x) / ticks, y: (b.y - a.y) / ticks };
      if (step && Math.hypot(s.x - step.x, s.y - step.y) > CONSTANT_STEP_TOLERANCE_U) return null;
      step ??= s;
    }
    const speed = Math.hypot(step!.x, step!.y) * TICK_HZ;
    return speed >= MOVING_SPEED ? speed : null;
  }
}

/** A player where this client drew it last frame (the own one where it is predicted). */
function placed(id: string, state: ArenaState, frame: FrameView, selfId: string): PlayerView | undefined {
  const p = state.players.get(id);
  if (!p) return undefined;
  const at = id === selfId ? frame.self : frame.remotes.get(id);
  if (!at) return undefined;
  return { x: at.x, y: at.y, alive: at.alive, team: p.team };
}
