// The client's netcode, free of Phaser and the DOM so the browser and headless measuring
// clients run the same code: it samples one input per fixed step, predicts the own player
// and its shots, reconciles with every snapshot, draws other players from a buffer of
// tick-stamped snapshots on a server-synchronized clock, and keeps the network panel's numbers.
import { STEP_MS } from "../../../shared/constants.ts";
import { decodeShots, decodeViewTick, encodeViewTick, keysChanged, type EchoReply, type HitMessage, type WireInput } from "../../../shared/protocol.ts";
import { hasBody, type ArenaState, type PlayerState } from "../../../shared/schema.ts";
import { generateMap, type ArenaMap } from "../../../shared/sim/map.ts";
import { aimFromWire, quantizeAim } from "../../../shared/sim/quantize.ts";
import { phaseAllowsAction } from "../../../shared/sim/rules.ts";
import type { InputLike } from "../../../shared/sim/types.ts";
import { launchFrom } from "../../../shared/sim/weapon.ts";
import { FixedStepClock } from "../input/FixedStepClock.ts";
import { InterpolationTimeline } from "./InterpolationTimeline.ts";
import { newNetCounters, RateMeter, type NetCounters, type NetReadout } from "./NetStats.ts";
import { OwnPrediction, VISIBLE_CORRECTION_U, type OwnServerState } from "./OwnPrediction.ts";
import { RemoteTracks, type DrawnPlayer, type DrawnRemote } from "./RemoteTracks.ts";
import { ServerClock } from "./ServerClock.ts";
import { OwnShots, RemoteShots, ShotOwners, type DrawnShot, type DrawnTarget, type HeardShotListener, type SeenMiss, type TargetTimeline } from "./Shots.ts";

/** Echoes right after joining, this far apart, so the clock is synchronized within a second. */
const ECHO_BURST = 5;
const ECHO_BURST_SPACING_MS = 150;
/** Then one a second: the ping and the clock stay fresh for the price of one tiny message. */
const ECHO_INTERVAL_MS = 1000;
/** Trail length behind a projectile, in steps of flight. */
export const TRAIL_TICKS = 0.9;
/** After a stall (a hidden tab, a long frame), at most this many inputs go out at once. */
const MAX_STEPS_PER_FRAME = 4;

/** Where input frames go (InputSender in the browser and the bots). */
export interface InputHandleLike {
  readonly data: WireInput;
  /** Sends the frame (`urgent`: without waiting for the next one); returns its number, the count the server acknowledges. */
  send(urgent?: boolean): number;
  /** Sends a frame still waiting for a partner, if any. */
  flush(): void;
  /** The server's latest acknowledgement, as of the latest state. */
  readonly lastProcessed: number;
  /** Frames sent since the last reset: the next send's number minus one. */
  readonly sentCount: number;
  /** Changes whenever the count restarts (a reconnection). */
  readonly epoch: number;
}

/** What the view needs of a joined room. */
export interface MatchLink {
  readonly sessionId: string;
  /** The decoded, live state. */
  readonly state: ArenaState;
  readonly input: InputHandleLike;
  sendEcho(t: number): void;
  /** Payload bytes and messages in each direction, if the link counts them. */
  readonly traffic?: { bytesIn: number; bytesOut: number; messagesIn: number; messagesOut: number };
}

/** Something the own player did, as the prediction has it happen (sounds follow it). */
export type OwnAction = "fire" | "dash";

/** Everything a renderer needs for one frame. */
export interface FrameView {
  /** The server tick other players and their shots are drawn at. */
  renderTick: number;
  /** The own player, predicted; null before the first state. */
  self: (DrawnPlayer & { team: number }) | null;
  /** Other players by session id, interpolated. */
  remotes: Map<string, DrawnRemote>;
  shots: DrawnShot[];
}

export class MatchView {
  readonly clock = new ServerClock();
  readonly counters: NetCounters = newNetCounters();
  private readonly timeline = new InterpolationTimeline();
  private readonly tracks = new RemoteTracks();
  private readonly ownShots = new OwnShots();
  private readonly remoteShots = new RemoteShots();
  private readonly shotOwners = new ShotOwners();
  private readonly stepClock = new FixedStepClock(MAX_STEPS_PER_FRAME);
  private readonly rates = new RateMeter();
  private prediction: OwnPrediction | null = null;
  private map: ArenaMap | null = null;
  private epoch: number;
  private echoesSent = 0;
  private nextEchoAt = -Infinity;
  private lastErrorAtAck = 0;
  private readonly startedAt: number;
  private readonly view: FrameView = { renderTick: 0, self: null, remotes: new Map(), shots: [] };
  private rendered = false;
  private readonly selfDrawn = { x: 0, y: 0, aim: 0, alive: false, team: 0 };
  private readonly targets: DrawnTarget[] = [];
  /** Own shots are judged against other players along the drawn timeline, as the server judges them. */
  private readonly timelineTargets: TargetTimeline = {
    players: this.targets,
    positionAt: (id, tick, out) => this.tracks.positionAt(id, tick, out),
  };
  private readonly frame: InputLike = { mx: 0, my: 0, aim: 0, buttons: 0 };
  /** Called when the prediction has the own player fire or start a dash, the moment the input is sent. */
  onOwnAction: ((action: OwnAction) => void) | null = null;
  /** Called for each own-position reconciliation: the benchmark's error record. */
  onReconcile: ((errorAtAck: number | null, correction: number, snapped: boolean) => void) | null = null;

  /** For measuring tools: each own shot seen touching an enemy that the server never registered. */
  set onSeenMiss(listener: ((miss: SeenMiss) => void) | null) {
    this.ownShots.onSeenMiss = listener;
  }

  constructor(private readonly link: MatchLink, now: number) {
    this.epoch = link.input.epoch;
    this.startedAt = now;
  }

  /** The latest rendered frame (its objects are reused by the next one); null before the first. */
  get lastFrame(): FrameView | null {
    return this.rendered ? this.view : null;
  }

  /** The arena the state's seed describes (null before the first state). */
  get arena(): ArenaMap | null {
    return this.map;
  }

  /** Call after every state patch (and the first full state), at its arrival time. */
  onPatch(now: number): void {
    const { state, sessionId } = this.link;
    const map = this.mapFor(state.mapSeed, state.arenaSize);
    this.counters.patches++;
    this.followReset();
    this.clock.hint(state.tick, now);
    this.timeline.onSnapshot(state.tick, this.clock.tickAt(now));

    const prediction = this.prediction ??= new OwnPrediction(map);
    const own = state.players.get(sessionId);
    if (own && hasBody(own)) {
      const ack = this.link.input.lastProcessed;
      const result = prediction.reconcile(ack, ownServerState(own), phaseAllowsAction(state.phase));
      if (result) {
        this.ownShots.reconcile(ack, own.lastShot ?? 0, (seq) => prediction.fires(seq));
        if (result.errorAtAck !== null) this.lastErrorAtAck = result.errorAtAck;
        if (result.snapped) this.counters.snaps++;
        else if (result.correction > VISIBLE_CORRECTION_U) this.counters.corrections++;
        this.onReconcile?.(result.errorAtAck, result.correction, result.snapped);
      }
    }
    state.players.forEach((p, id) => {
      if (id !== sessionId && hasBody(p)) this.tracks.push(id, state.tick, p.x, p.y, p.aim ?? 0, p.alive);
    });
    // A player out of view is dropped, not held: when it comes back, it is drawn where it is then.
    this.tracks.retain((id) => {
      const p = state.players.get(id);
      return p !== undefined && hasBody(p);
    });
    this.shotOwners.update(state.players);
  }

  /** Call with every SHOTS payload, at its arrival (it follows the patch of its tick). */
  onShots(bytes: Uint8Array): void {
    const map = this.map;
    if (!map) return; // before the first state: nothing to draw them on yet
    const message = decodeShots(bytes);
    if (!message.ok) return; // the server never sends one; nothing to draw from it
    const { state, sessionId } = this.link;
    const ownSlot = state.players.get(sessionId)?.slot ?? -1;
    this.remoteShots.onShots(message.value, state.tick, map, (slot) => this.shotOwners.of(slot),
      (s) => s.owner === ownSlot && this.ownShots.owns(s.shot));
  }

  /** Told of other players' shots as they arrive and as they stop early (the scene's sounds, minimap and attacker guess). */
  set shotListener(listener: HeardShotListener | null) {
    this.remoteShots.listener = listener;
  }

  onEchoReply(reply: EchoReply, now: number): void {
    const jumpsBefore = this.clock.jumps;
    this.clock.addEcho(reply.t, reply.tick, now);
    if (this.clock.jumps !== jumpsBefore) this.timeline.reset(); // lateness measured on the old clock no longer holds
  }

  onHit(hit: HitMessage): void {
    if (hit.attacker === this.link.sessionId) this.ownShots.registered(hit.shot);
  }

  /**
   * One rendered frame at `now`, `deltaMs` after the previous one. `intent` is what the
   * player wants this instant, null when nothing should be sent (reconnecting); `changedAt`
   * is when the intent's keys or buttons last changed. Sends the inputs that fell due, and
   * sends a changed intent at once rather than at the next step boundary.
   */
  render(now: number, deltaMs: number, intent: InputLike | null, changedAt = now): FrameView {
    const { state, sessionId } = this.link;
    const view = this.view;
    this.rendered = true;
    this.counters.frames++;
    this.scheduleEcho(now);
    this.followReset();
    view.renderTick = this.timeline.renderTick(this.clock.tickAt(now), now);
    view.shots.length = 0;
    view.self = null;
    const prediction = this.prediction;
    const map = this.map;
    const own = state.players?.get(sessionId);
    if (!prediction || !map || !own) {
      view.remotes.clear();
      return view;
    }

    let due = this.stepClock.advance(deltaMs);
    if (intent && due === 0 && keysChanged(intent, this.frame) && this.stepClock.pullForward(now - changedAt)) due = 1;
    if (intent) for (let i = 0; i < due; i++) this.sendInput(intent, now, view.renderTick, own, prediction, map);
    else this.link.input.flush(); // nothing more will come to pair a waiting frame with

    const drawn = prediction.drawn(this.stepClock.fraction, deltaMs, this.selfDrawn);
    this.selfDrawn.aim = intent && prediction.alive ? intent.aim : prediction.state.aim;
    this.selfDrawn.alive = own.alive;
    this.selfDrawn.team = own.team;
    view.self = this.selfDrawn;

    this.targets.length = 0;
    view.remotes.clear();
    state.players.forEach((p, id) => {
      if (id === sessionId || !hasBody(p)) return;
      const sampled = this.tracks.sample(id, view.renderTick, deltaMs);
      if (!sampled) return;
      view.remotes.set(id, sampled);
      this.targets.push({ id, team: p.team, x: sampled.x, y: sampled.y, alive: sampled.alive });
      if (sampled.alive) {
        this.counters.remoteFrames++;
        if (sampled.kind === "extrapolated" || sampled.kind === "frozen") this.counters.extrapolatedFrames++;
      }
    });
    this.ownShots.update(now, this.timelineTargets, sessionId, TRAIL_TICKS, view.shots);
    this.remoteShots.update(view.renderTick, this.targets.concat({ id: sessionId, team: own.team, x: drawn.x, y: drawn.y, alive: own.alive }), TRAIL_TICKS, view.shots);
    this.rates.update(now, this.trafficCounters());
    return view;
  }

  /** The network panel's numbers. */
  readout(now: number): NetReadout {
    const rate = this.rates.perSecond;
    const shots = this.ownShots.counters;
    const remoteFrames = rate.remoteFrames;
    return {
      pingMs: this.clock.rttMs,
      jitterMs: this.clock.jitterMs,
      clockOffsetMs: this.clock.offsetMs,
      clockSynced: this.clock.synced,
      bytesInPerSec: rate.bytesIn,
      bytesOutPerSec: rate.bytesOut,
      messagesInPerSec: rate.messagesIn,
      messagesOutPerSec: rate.messagesOut,
      patchesPerSec: rate.patches,
      interpDelayMs: this.timeline.delayMs,
      snapshotJitterMs: this.timeline.jitterMs,
      bufferMs: (this.timeline.newestTick - this.view.renderTick) * STEP_MS,
      extrapolatedShare: remoteFrames > 0 ? rate.extrapolatedFrames / remoteFrames : 0,
      extrapolatedFrames: this.counters.extrapolatedFrames,
      remoteFrames: this.counters.remoteFrames,
      correctionsPerMinute: this.rates.correctionsPerMinute(now, this.startedAt),
      corrections: this.counters.corrections,
      snaps: this.counters.snaps,
      lastErrorAtAckU: this.lastErrorAtAck,
      pendingInputs: this.prediction?.pendingCount ?? 0,
      fps: rate.frames,
      shotsFired: shots.fired,
      shotsSeenHit: shots.seenHits,
      shotsSeenAndRegistered: shots.seenAndRegistered,
      shotsRegisteredUnseen: shots.registeredUnseen,
      shotsTakenBack: shots.takenBack,
    };
  }

  private sendInput(intent: InputLike, now: number, renderTick: number, own: PlayerState, prediction: OwnPrediction, map: ArenaMap): void {
    const frame = this.frame;
    const changed = keysChanged(intent, frame);
    frame.mx = intent.mx;
    frame.my = intent.my;
    frame.aim = aimFromWire(quantizeAim(intent.aim)); // the aim the server will read, so both step alike
    frame.buttons = intent.buttons;
    const data = this.link.input.data;
    const seq = this.link.input.sentCount + 1;
    const dashCooldown = prediction.state.dashCooldown;
    const fired = prediction.apply(seq, frame, phaseAllowsAction(this.link.state.phase));
    // The cooldown only ever rises when a dash starts.
    if (prediction.state.dashCooldown > dashCooldown) this.onOwnAction?.("dash");
    data.mx = frame.mx;
    data.my = frame.my;
    data.aim = frame.aim;
    data.buttons = frame.buttons;
    // The shot reaches flight 0 on screen one step from now: that is the view the server
    // should judge it against (lagCompensation.ts), at the precision the wire carries it.
    const view = fired ? encodeViewTick(renderTick + 1) : 0;
    data.view = view;
    // A change of keys, or a shot, goes out at once: others see it (and the shot is judged) sooner.
    const sent = this.link.input.send(fired || changed);
    if (sent !== seq) prediction.reset(map); // the count moved under us (a reset we have not seen): start over
    if (fired) {
      const viewTick = decodeViewTick(view, renderTick) ?? renderTick + 1;
      this.ownShots.add(sent, launchFrom(prediction.state, frame.aim, 0), own.team, map, now + STEP_MS, viewTick);
      this.onOwnAction?.("fire");
    }
  }

  private scheduleEcho(now: number): void {
    if (now < this.nextEchoAt) return;
    this.link.sendEcho(now);
    this.echoesSent++;
    this.nextEchoAt = now + (this.echoesSent < ECHO_BURST ? ECHO_BURST_SPACING_MS : ECHO_INTERVAL_MS);
  }

  /** The SDK restarts the input count on a reconnection: everything pending is void. */
  private followReset(): void {
    const epoch = this.link.input.epoch;
    if (epoch === this.epoch) return;
    this.epoch = epoch;
    this.prediction?.reset();
    this.ownShots.clear();
    this.stepClock.reset();
  }

  private mapFor(seed: number, size: number): ArenaMap {
    if (this.map?.seed !== seed || this.map.width !== size) {
      this.map = generateMap(seed, size);
      this.prediction?.reset(this.map);
      this.remoteShots.clear();
      this.ownShots.clear();
    }
    return this.map;
  }

  private trafficCounters(): NetCounters {
    const traffic = this.link.traffic;
    if (traffic) {
      this.counters.bytesIn = traffic.bytesIn;
      this.counters.bytesOut = traffic.bytesOut;
      this.counters.messagesIn = traffic.messagesIn;
      this.counters.messagesOut = traffic.messagesOut;
    }
    return this.counters;
  }
}

function ownServerState(p: PlayerState): OwnServerState {
  return {
    x: p.x, y: p.y, aim: p.aim, alive: p.alive,
    dashTicks: p.dashTicks ?? 0, dashCooldown: p.dashCooldown ?? 0, fireCooldown: p.fireCooldown ?? 0, rapidFireTicks: p.rapidFireTicks ?? 0,
  };
}
