import { ErrorCode, matchMaker, Room, ServerError, type Client, type RoomException } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import { STEP_MS, TICK_HZ } from "../../shared/constants.ts";
import {
  CloseCode, decodeChat, decodeEcho, decodeJoinOptions, makeRoomCode, MatchPhase, MAX_PROTOCOL_VIOLATIONS, MessageType,
  PHASE_NAMES, sanitizeInput, type ChatLine, type GameMode,
} from "../../shared/protocol.ts";
import { ArenaState, InputFrame, OWNER_VIEW } from "../../shared/schema.ts";
import { ArenaGame, type GameEvent, type InputSource } from "../game/ArenaGame.ts";
import { ChatRateLimiter } from "../game/chat.ts";
import { metrics } from "../metrics.ts";

/** Server-side room settings; they ride in the room definition's default options so clients cannot override them. */
export interface ArenaSettings {
  maxPlayers: number;
  patchRateHz: number;
  inputBufferSize: number;
  maxMessagesPerSecond: number;
  reconnectWindowSeconds: number;
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
export class ArenaRoom extends Room<{ state: ArenaState; input: InputFrame; metadata: ArenaListing }> {
  private game!: ArenaGame;
  private settings!: ArenaSettings;
  private readonly chatLimiter = new ChatRateLimiter();
  private readonly violations = new Map<string, number>();
  private readonly inputSource: InputSource = {
    next: (sessionId) => this.inputs!.get(sessionId).next(),
    consumed: (sessionId) => this.inputs!.get(sessionId).consumedCount,
  };

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
    const mode: GameMode = options.mode === "teams" ? "teams" : "ffa";
    this.maxClients = this.settings.maxPlayers;
    this.patchRate = 1000 / this.settings.patchRateHz;
    this.maxMessagesPerSecond = this.settings.maxMessagesPerSecond;
    this.inputs = this.defineInput(InputFrame, {
      bufferMaxSize: this.settings.inputBufferSize,
      sanitize: (frame) => { if (!sanitizeInput(frame)) metrics.invalidInputs++; },
    });
    this.state = new ArenaState();
    this.game = new ArenaGame(this.state, { seed: (Math.random() * 2 ** 32) >>> 0, mode });
    if (options.private === true) {
      this.roomId = await unusedRoomCode();
      await this.setPrivate(true);
    }
    await this.setMetadata(this.listing());

    this.onMessage(MessageType.ECHO, (client, payload) => {
      const echo = decodeEcho(payload);
      if (echo.ok) client.send(MessageType.ECHO, echo.value);
      else this.violation(client);
    });
    this.onMessage(MessageType.CHAT, (client, payload) => this.chat(client, payload));
    this.onMessage("*", (client) => this.violation(client));
    this.setFixedTimestep(() => this.tick(), TICK_HZ);
  }

  override onJoin(client: Client, options: unknown): void {
    const join = decodeJoinOptions(options);
    const player = this.game.addPlayer(client.sessionId, join.ok ? join.value.name : "Player");
    this.watchOwnPlayer(client);
    metrics.joins++;
    this.systemLine(`${player.name} joined`);
  }

  /** The seat is held for the reconnection window; the player stays in the world, marked disconnected. */
  override async onDrop(client: Client): Promise<void> {
    this.game.setConnected(client.sessionId, false);
    try {
      await this.allowReconnection(client, this.settings.reconnectWindowSeconds);
    } catch {
      // Window over: onLeave runs next and releases the seat.
    }
  }

  override onReconnect(client: Client): void {
    this.game.setConnected(client.sessionId, true);
    this.watchOwnPlayer(client);
  }

  override onLeave(client: Client): void {
    client.view?.dispose();
    const name = this.state.players.get(client.sessionId)?.name;
    this.violations.delete(client.sessionId);
    this.chatLimiter.forget(client.sessionId);
    this.game.removePlayer(client.sessionId);
    if (name) this.systemLine(`${name} left`);
  }

  override onUncaughtException(error: RoomException, methodName: string): void {
    metrics.roomErrors++;
    console.error(`[arena ${this.roomId}] ${methodName} failed:`, error.cause ?? error);
  }

  private tick(): void {
    const started = performance.now();
    const phase = this.state.phase;
    for (const event of this.game.step(this.inputSource)) this.announce(event);
    if (this.state.phase !== phase) void this.onPhaseChange();
    metrics.tickMs.record(performance.now() - started);
  }

  /** Results are locked from matchmaking (nobody joins a finished match); the lobby shows the new phase. */
  private async onPhaseChange(): Promise<void> {
    if (this.state.phase === MatchPhase.RESULTS) await this.lock();
    else if (this.locked && !this.hasReachedMaxClients()) await this.unlock();
    await this.setMetadata(this.listing());
  }

  private listing(): ArenaListing {
    const { state } = this;
    return {
      mode: state.mode as GameMode,
      phase: PHASE_NAMES[state.phase],
      phaseEndsAt: Date.now() + Math.round((state.phaseEndsTick - state.tick) * STEP_MS),
    };
  }

  private announce(event: GameEvent): void {
    this.broadcast(MessageType.KILL, { killer: event.killer, victim: event.victim });
    const killer = this.state.players.get(event.killer)?.name ?? "someone";
    const victim = this.state.players.get(event.victim)?.name ?? "someone";
    this.systemLine(`${killer} eliminated ${victim}`);
  }

  private chat(client: Client, payload: unknown): void {
    const message = decodeChat(payload);
    if (!message.ok) {
      if (message.error === "bad_chat") this.violation(client);
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

  private sendLine(line: ChatLine): void {
    this.broadcast(MessageType.CHAT_LINE, line);
  }

  /** Own-player fields (ack, timers) reach only their owner, on every (re)connection. */
  private watchOwnPlayer(client: Client): void {
    const player = this.state.players.get(client.sessionId);
    if (!player) return;
    client.view = new StateView();
    client.view.add(player, OWNER_VIEW);
  }

  /** Unknown or malformed messages are dropped and counted; a client that keeps sending them is closed. */
  private violation(client: Client): void {
    metrics.protocolViolations++;
    const count = (this.violations.get(client.sessionId) ?? 0) + 1;
    this.violations.set(client.sessionId, count);
    if (count > MAX_PROTOCOL_VIOLATIONS) client.leave(CloseCode.PROTOCOL_VIOLATION, "too many invalid messages");
  }
}

/** A short code no open room uses; it becomes the private room's id, so "join by code" is joinById. */
async function unusedRoomCode(): Promise<string> {
  for (;;) {
    const code = makeRoomCode(Math.random);
    if ((await matchMaker.query({ roomId: code })).length === 0) return code;
  }
}
