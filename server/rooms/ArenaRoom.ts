import { ErrorCode, matchMaker, Room, ServerError, type Client, type RoomException, type RoomMethodName } from "@colyseus/core";
import { Encoder, StateView } from "@colyseus/schema";
import { STEP_MS, TICK_HZ } from "../../shared/constants.ts";
import {
  CloseCode, decodeChat, decodeEcho, decodeJoinOptions, decodeViewSize, isPatchTick, makeRoomCode, MatchPhase, MAX_PROTOCOL_VIOLATIONS, MessageType,
  blankWireInput, decodeInputFrames, MAX_FRAMES_PER_INPUTS, PHASE_NAMES, type ChatLine, type GameMode, type ViewSize, type WireInput,
} from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";
import { arenaSizeFor } from "../../shared/sim/map.ts";
import { ArenaGame, type GameEvent } from "../game/ArenaGame.ts";
import { InterestManager } from "../game/interest.ts";
import { PlayoutInputSource } from "../game/inputPlayout.ts";
import { InputQueue } from "../game/InputQueue.ts";
import { ChatRateLimiter } from "../game/chat.ts";
import { drainNotice, type DrainState } from "../drain.ts";
import type { RoomSnapshot } from "../metrics.ts";
import { ClientGuard } from "../net/ClientGuard.ts";
import type { MessageRateLimits } from "../net/MessageRateLimiter.ts";
import type { RoomBudget } from "../net/RoomBudget.ts";
import { RoomFaults, type FaultSource } from "../net/RoomFaults.ts";
import { closeSlowConsumers, enforceVerdict, guardRoomFrames, reportFault, type RoomServices } from "../net/roomGuard.ts";

/** Server-side room settings; they ride in the room definition's default options so clients cannot override them. */
export interface ArenaSettings {
  maxPlayers: number;
  patchRateHz: number;
  inputBufferSize: number;
  /** Colyseus's own per-client cap, a backstop above `messageLimits`. */
  maxMessagesPerSecond: number;
  reconnectWindowSeconds: number;
  messageLimits: MessageRateLimits;
  maxSendBufferBytes: number;
  /** Shared by every arena room of the process (MAX_ROOMS). */
  rooms: RoomBudget;
  /** The server's metrics and log. */
  services: RoomServices;
  /** Set by the server when it drains (SIGTERM). */
  drain: DrainState;
}

/** What the lobby lists about a public room (room metadata). */
export interface ArenaListing {
  mode: GameMode;
  phase: (typeof PHASE_NAMES)[number];
  /** Wall-clock time (ms since epoch) at which the current phase ends. */
  phaseEndsAt: number;
}

interface CreateOptions {
  settings: ArenaSettings;
  mode?: unknown;
  private?: unknown;
}

/** Wiring only: Colyseus lifecycle and messages in, ArenaGame out. The rules live in server/game and shared/sim. */
export class ArenaRoom extends Room<{ state: ArenaState; metadata: ArenaListing }> {
  /** The authoritative world; readable from outside so operators' tools and tests can inspect a live room. */
  game!: ArenaGame;
  /** What each client is sent of the world (its StateView); readable for tests. */
  interest!: InterestManager;
  private settings!: ArenaSettings;
  private guard!: ClientGuard;
  private holdsRoomSlot = false;
  private readonly faults = new RoomFaults();
  private readonly chatLimiter = new ChatRateLimiter();
  /** Each connected client's received input frames, by session id. */
  private readonly inputQueues = new Map<string, InputQueue>();
  private inputSource!: PlayoutInputSource<WireInput>;
  private services!: RoomServices;
  /** The server drains and this room plays its match to the end: it closes when the results are over. */
  private closingAfterMatch = false;
  /** When the latest tick started (performance.now()): ECHO replies carry the fractional tick. */
  private tickStartedAt = 0;

  /**
   * Runs at matchmaking, before any seat or socket: bad options are refused over HTTP, and
   * an omitted mode becomes "ffa" so quick play never mixes modes.
   */
  static override async onAuth(_token: string, options: Record<string, unknown>): Promise<boolean> {
    const join = decodeJoinOptions(options);
    if (!join.ok) throw new ServerError(ErrorCode.APPLICATION_ERROR, `invalid join options: ${join.error}`);
    options.mode = join.value.mode;
    return true;
  }

  override async onCreate(options: CreateOptions): Promise<void> {
    this.settings = options.settings;
    this.services = this.settings.services;
    if (!this.settings.rooms.tryTake()) {
      this.services.metrics.counts.joinsRefused.max_rooms++;
      throw new ServerError(ErrorCode.MATCHMAKE_UNHANDLED, `server full: ${this.settings.rooms.maxRooms} rooms open (MAX_ROOMS)`);
    }
    this.holdsRoomSlot = true;
    this.guard = new ClientGuard({ ...this.settings.messageLimits, maxViolations: MAX_PROTOCOL_VIOLATIONS });
    this.inputSource = new PlayoutInputSource<WireInput>(this.inputQueues, this.services.metrics.playout);
    guardRoomFrames(this, this.guard, this.services, (error, client) => this.fault("handler", error, "onMessage", client.sessionId),
      (client, frame) => this.receiveInputs(client, frame));
    const mode: GameMode = options.mode === "teams" ? "teams" : "ffa";
    this.maxClients = this.settings.maxPlayers;
    this.maxMessagesPerSecond = this.settings.maxMessagesPerSecond;
    this.state = new ArenaState();
    this.game = new ArenaGame(this.state, {
      seed: (Math.random() * 2 ** 32) >>> 0, mode, arenaSize: arenaSizeFor(this.settings.maxPlayers),
      patchRateHz: this.settings.patchRateHz, shotCounters: this.services.metrics.shots,
    });
    this.interest = new InterestManager(this.state, this.game);
    if (options.private === true) {
      this.roomId = await unusedRoomCode();
      await this.setPrivate(true);
    }
    await this.setMetadata(this.listing());
    this.services.metrics.roomOpened(this, "arena");
    this.services.log.info({ event: "room_created", room: this.roomId, mode, private: options.private === true });

    this.onMessage(MessageType.ECHO, (client, payload) => {
      const echo = decodeEcho(payload);
      if (echo.ok) client.send(MessageType.ECHO, { t: echo.value.t, tick: this.currentTick() });
      else this.invalidPayload(client);
    });
    this.onMessage(MessageType.CHAT, (client, payload) => this.chat(client, payload));
    this.onMessage(MessageType.VIEW, (client, payload) => {
      const size = decodeViewSize(payload);
      if (size.ok) this.interest.resize(client.sessionId, size.value);
      else this.invalidPayload(client);
    });
    this.onMessage("*", (client) => this.invalidPayload(client)); // the frame guard lets no other id through: a net
    this.setFixedTimestep(() => this.tick(), TICK_HZ);
    // Patches go out right after the ticks that carry one (see tick()), not from a timer of
    // their own: a snapshot is as fresh as it can be, and its arrival carries no timer phase.
    // Only once the timestep runs: without it, Colyseus would start a clock timer here.
    this.patchRate = null;
  }

  override onJoin(client: Client, options: unknown): void {
    const join = decodeJoinOptions(options);
    const player = this.game.addPlayer(client.sessionId, join.ok ? join.value.name : "Player");
    this.inputQueues.set(client.sessionId, new InputQueue(this.settings.inputBufferSize));
    this.watch(client, join.ok ? join.value.view : undefined);
    this.services.metrics.counts.joins++;
    this.services.log.info({ event: "player_joined", room: this.roomId, session: client.sessionId, players: this.clients.length });
    this.systemLine(`${player.name} joined`);
  }

  /**
   * The seat is held for the reconnection window; the player stays in the world, marked
   * disconnected. A client closed for abuse or kicked gets no window: onLeave follows at once.
   */
  override async onDrop(client: Client, code?: number): Promise<void> {
    if (this.guard.wasClosedForAbuse(client.sessionId) || code === CloseCode.KICKED) return;
    this.game.setConnected(client.sessionId, false);
    this.services.log.info({ event: "player_dropped", room: this.roomId, session: client.sessionId });
    try {
      await this.allowReconnection(client, this.settings.reconnectWindowSeconds);
    } catch {
      // Window over: onLeave runs next and releases the seat.
    }
  }

  override onReconnect(client: Client): void {
    this.game.setConnected(client.sessionId, true);
    this.services.metrics.counts.reconnections++;
    this.services.log.info({ event: "player_reconnected", room: this.roomId, session: client.sessionId });
    // The client counts its inputs from zero again: so does its fresh queue, and the ack it reconciles on.
    this.inputQueues.set(client.sessionId, new InputQueue(this.settings.inputBufferSize));
    this.inputSource.reset(client.sessionId);
    this.game.resetAck(client.sessionId);
    this.watch(client);
  }

  override onLeave(client: Client): void {
    client.view?.dispose();
    this.interest.unwatch(client.sessionId);
    const name = this.state.players.get(client.sessionId)?.name;
    this.guard.forget(client.sessionId);
    this.chatLimiter.forget(client.sessionId);
    this.game.removePlayer(client.sessionId);
    this.inputQueues.delete(client.sessionId);
    this.inputSource.forget(client.sessionId);
    this.services.metrics.counts.leaves++;
    this.services.log.info({ event: "player_left", room: this.roomId, session: client.sessionId, players: this.clients.length });
    if (name) this.systemLine(`${name} left`);
  }

  override onDispose(): void {
    if (this.holdsRoomSlot) this.settings.rooms.release();
    this.holdsRoomSlot = false;
    if (!this.services) return; // settings never arrived (a refused creation logs nothing more)
    this.services.metrics.roomClosed(this, "arena");
    this.services.log.info({ event: "room_disposed", room: this.roomId, ticks: this.state?.tick });
  }

  /**
   * Colyseus asks every room to close when the server stops. Stopping at once closes now;
   * draining lets a match in play (or showing its results) run to the end of its results,
   * with a notice to the players, and the server closes what is left at its deadline.
   */
  override onBeforeShutdown(): void {
    const { drain } = this.settings;
    const inMatch = this.state.phase === MatchPhase.PLAYING || this.state.phase === MatchPhase.RESULTS;
    if (!drain.active || !inMatch) {
      this.closeForShutdown();
      return;
    }
    this.closingAfterMatch = true;
    this.systemLine(drainNotice(Math.max(0, Math.ceil((drain.deadlineAt - Date.now()) / 1000))));
    this.services.log.info({ event: "room_draining", room: this.roomId, phase: PHASE_NAMES[this.state.phase] });
  }

  /** For the rooms gauge. */
  snapshot(): RoomSnapshot {
    return { type: "arena", mode: this.state.mode, phase: PHASE_NAMES[this.state.phase], clients: this.clients.length };
  }

  override onUncaughtException(error: RoomException, methodName: RoomMethodName): void {
    if (methodName === "onCreate" && error.cause instanceof ServerError) return; // a refusal (MAX_ROOMS), not a bug
    const client = "client" in error ? (error.client as Client | undefined)?.sessionId : undefined;
    this.fault(methodName === "setFixedTimestep" ? "tick" : "handler", error.cause ?? error, methodName, client);
  }

  private tick(): void {
    const started = performance.now();
    this.tickStartedAt = started;
    const { phase, phaseEndsTick } = this.state;
    for (const event of this.game.step(this.inputSource)) this.announce(event);
    const stepped = performance.now();
    const { tickSeconds, patchSeconds } = this.services.metrics;
    tickSeconds.observe(ARENA, (stepped - started) / 1000);
    if (isPatchTick(this.state.tick, this.settings.patchRateHz)) {
      this.interest.update();
      this.broadcastPatch();
      this.interest.flush(this.state.tick, this.sendShots);
      patchSeconds.observe(ARENA, (performance.now() - stepped) / 1000);
    }
    if (this.state.phase !== phase) this.onPhaseChange();
    // A second player shortens the wait: the lobby's countdown follows (an empty room never lists).
    else if (this.state.phaseEndsTick !== phaseEndsTick && this.clients.length > 0) this.updateListing();
    closeSlowConsumers(this.clients, this.settings.maxSendBufferBytes, this.services, this.roomId); // their seat is held, as for any drop
    this.faults.tickSucceeded();
  }

  /** An INPUTS frame the guard passed: its frames join the sender's queue for the ticks to take. */
  private receiveInputs(client: Client, frame: Uint8Array): void {
    const queue = this.inputQueues.get(client.sessionId);
    const count = decodeInputFrames(frame, 2, received);
    if (!queue || !count.ok) return; // a frame from a client already leaving; the guard checked the bytes
    for (let i = 0; i < count.value; i++) queue.push(received[i]);
  }

  /** The server's clock in ticks: the latest tick plus the fraction of a step since it ran. */
  private currentTick(): number {
    const since = (performance.now() - this.tickStartedAt) / STEP_MS;
    return this.state.tick + Math.min(Math.max(since, 0), 0.999);
  }

  /** Counted and logged with context; a room whose tick keeps failing sends its players back with ROOM_ERROR and closes. */
  private fault(source: FaultSource, error: unknown, where: string, client?: string): void {
    const context = { roomType: "arena", room: this.roomId, where, tick: this.state?.tick, phase: this.state?.phase, client };
    if (!reportFault(this.faults, source, context, error, this.services).closeRoom) return;
    this.services.metrics.counts.roomsClosedOnError++;
    this.services.metrics.counts.clientsClosed.room_error += this.clients.length;
    this.services.log.error({ event: "room_closed_on_error", room: this.roomId, code: CloseCode.ROOM_ERROR }, "the tick keeps failing: closing the room");
    this.disconnect(CloseCode.ROOM_ERROR).catch((e: unknown) => this.fault("handler", e, "disconnect"));
  }

  private closeForShutdown(): void {
    this.services.metrics.counts.clientsClosed.shutdown += this.clients.length;
    this.disconnect(CloseCode.SERVER_SHUTDOWN).catch((error: unknown) => this.fault("handler", error, "disconnect"));
  }

  /**
   * Results are locked from matchmaking (nobody joins a finished match); the lobby shows the
   * new phase. A draining room closes once its results are over.
   */
  private onPhaseChange(): void {
    if (this.closingAfterMatch && this.state.phase !== MatchPhase.PLAYING && this.state.phase !== MatchPhase.RESULTS) {
      this.closeForShutdown();
      return;
    }
    const locking = this.state.phase === MatchPhase.RESULTS ? this.lock()
      : this.locked && !this.hasReachedMaxClients() && !this.closingAfterMatch ? this.unlock() : Promise.resolve();
    locking.then(() => this.setMetadata(this.listing()))
      .catch((error: unknown) => this.fault("handler", error, "onPhaseChange"));
  }

  /** The lobby's listing follows the phase clock; a failed write (Redis down) is a fault, not a crash. */
  private updateListing(): void {
    this.setMetadata(this.listing()).catch((error: unknown) => this.fault("handler", error, "setMetadata"));
  }

  private listing(): ArenaListing {
    const { state } = this;
    return {
      mode: state.mode as GameMode,
      phase: PHASE_NAMES[state.phase],
      phaseEndsAt: Date.now() + Math.round((state.phaseEndsTick - state.tick) * STEP_MS),
    };
  }

  /**
   * A kill goes to everyone (the kill feed draws it; no chat line repeats it); a hit only to
   * its shooter, whose client marks it. Everyone else sees the victim's HP in the state.
   */
  private announce(event: GameEvent): void {
    if (event.type === "hit") {
      this.clients.getById(event.attacker)?.send(MessageType.HIT, { attacker: event.attacker, victim: event.victim, damage: event.damage, shot: event.shot });
    } else {
      this.interest.killed(event.victim, event.killer);
      this.broadcast(MessageType.KILL, { killer: event.killer, victim: event.victim });
    }
  }

  private chat(client: Client, payload: unknown): void {
    const message = decodeChat(payload);
    if (!message.ok) {
      if (message.error === "bad_chat") this.invalidPayload(client);
      return;
    }
    const player = this.state.players.get(client.sessionId);
    if (!player) return;
    const allowed = this.chatLimiter.tryConsume(client.sessionId, Date.now());
    if (!allowed.ok) {
      client.send(MessageType.CHAT_REJECTED, { reason: "rate_limited", retryInMs: allowed.retryInMs });
      return;
    }
    this.sendLine({ kind: "player", from: client.sessionId, name: player.name, team: player.team, text: message.value.text });
  }

  private systemLine(text: string): void {
    this.sendLine({ kind: "system", text });
  }

  /** A client's SHOTS message (interest.ts), right behind the patch it belongs to. */
  private readonly sendShots = (sessionId: string, bytes: Uint8Array) => {
    this.clients.getById(sessionId)?.sendBytes(MessageType.SHOTS, bytes);
  };

  private sendLine(line: ChatLine): void {
    this.broadcast(MessageType.CHAT_LINE, line);
  }

  /**
   * A fresh view on every (re)connection: the own player whole (its owner-only fields: ack,
   * timers), the rest of the world near it from the next patch on (interest.ts). A reconnection
   * keeps the view size the client stated before.
   */
  private watch(client: Client, size?: ViewSize): void {
    const view = new StateView();
    if (!this.interest.watch(client.sessionId, view, size)) return;
    client.view?.dispose();
    client.view = view;
  }

  /** A message whose payload failed its decoder: dropped and counted like a bad frame. */
  private invalidPayload(client: Client): void {
    enforceVerdict(client, this.guard.reportInvalidPayload(client.sessionId, performance.now()), this.services, this.roomId);
  }
}

// A patch's per-client views are encoded one after another into one buffer: 128 views of a few
// hundred bytes overflow the 16 KB default, and the encoder then grows it with a warning per room.
Encoder.BUFFER_SIZE = Math.max(Encoder.BUFFER_SIZE, 64 * 1024);

/** The room-type label of this room's histograms. */
const ARENA = { room: "arena" } as const;

/** Where a received INPUTS frame is decoded before its frames are copied into the sender's queue. */
const received: WireInput[] = Array.from({ length: MAX_FRAMES_PER_INPUTS }, blankWireInput);

/** A short code no open room uses; it becomes the private room's id, so "join by code" is joinById. */
async function unusedRoomCode(): Promise<string> {
  for (;;) {
    const code = makeRoomCode(Math.random);
    if ((await matchMaker.query({ roomId: code })).length === 0) return code;
  }
}
