import { ErrorCode, Room, ServerError, type Client, type RoomException } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import { TICK_HZ } from "../../shared/constants.ts";
import {
  CloseCode, decodeEcho, decodeJoinOptions, MAX_PROTOCOL_VIOLATIONS, MessageType, sanitizeInput, type GameMode,
} from "../../shared/protocol.ts";
import { ArenaState, InputFrame, OWNER_VIEW } from "../../shared/schema.ts";
import { ArenaGame, type InputSource } from "../game/ArenaGame.ts";
import { metrics } from "../metrics.ts";

/** Server-side room settings; they ride in the room definition's default options so clients cannot override them. */
export interface ArenaSettings {
  maxPlayers: number;
  patchRateHz: number;
  inputBufferSize: number;
  maxMessagesPerSecond: number;
}

interface CreateOptions {
  settings: ArenaSettings;
  mode?: unknown;
  seed?: unknown;
}

/** Wiring only: Colyseus lifecycle and messages in, ArenaGame out. The rules live in server/game and shared/sim. */
export class ArenaRoom extends Room<{ state: ArenaState; input: InputFrame }> {
  private game!: ArenaGame;
  private readonly violations = new Map<string, number>();
  private readonly inputSource: InputSource = {
    next: (sessionId) => this.inputs!.get(sessionId).next(),
    consumed: (sessionId) => this.inputs!.get(sessionId).consumedCount,
  };

  override onCreate(options: CreateOptions): void {
    const { settings } = options;
    const mode: GameMode = options.mode === "teams" ? "teams" : "ffa";
    this.maxClients = settings.maxPlayers;
    this.patchRate = 1000 / settings.patchRateHz;
    this.maxMessagesPerSecond = settings.maxMessagesPerSecond;
    this.inputs = this.defineInput(InputFrame, {
      bufferMaxSize: settings.inputBufferSize,
      sanitize: (frame) => { if (!sanitizeInput(frame)) metrics.invalidInputs++; },
    });
    this.state = new ArenaState();
    const seed = typeof options.seed === "number" ? options.seed >>> 0 : (Math.random() * 2 ** 32) >>> 0;
    this.game = new ArenaGame(this.state, { seed, mode });
    this.setMetadata({ mode });

    this.onMessage(MessageType.ECHO, (client, payload) => {
      const echo = decodeEcho(payload);
      if (echo.ok) client.send(MessageType.ECHO, echo.value);
      else this.violation(client);
    });
    this.onMessage("*", (client) => this.violation(client));
    this.setFixedTimestep(() => this.tick(), TICK_HZ);
  }

  override onJoin(client: Client, options: unknown): void {
    const join = decodeJoinOptions(options);
    if (!join.ok) throw new ServerError(ErrorCode.APPLICATION_ERROR, `invalid join options: ${join.error}`);
    const player = this.game.addPlayer(client.sessionId, join.value.name);
    client.view = new StateView();
    client.view.add(player, OWNER_VIEW);
    metrics.joins++;
  }

  override onLeave(client: Client): void {
    client.view?.dispose();
    this.violations.delete(client.sessionId);
    this.game.removePlayer(client.sessionId);
  }

  override onUncaughtException(error: RoomException, methodName: string): void {
    metrics.roomErrors++;
    console.error(`[arena ${this.roomId}] ${methodName} failed:`, error.cause ?? error);
  }

  private tick(): void {
    const started = performance.now();
    for (const event of this.game.step(this.inputSource)) {
      this.broadcast(MessageType.KILL, { killer: event.killer, victim: event.victim });
    }
    metrics.tickMs.record(performance.now() - started);
  }

  /** Unknown or malformed messages are dropped and counted; a client that keeps sending them is closed. */
  private violation(client: Client): void {
    metrics.protocolViolations++;
    const count = (this.violations.get(client.sessionId) ?? 0) + 1;
    this.violations.set(client.sessionId, count);
    if (count > MAX_PROTOCOL_VIOLATIONS) client.leave(CloseCode.PROTOCOL_VIOLATION, "too many invalid messages");
  }
}
