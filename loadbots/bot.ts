// One headless player: joins like the browser does (SDK client, shared schema), sends one
// input frame per tick chosen by its Brain, probes round-trip time with ECHO messages
// and notes every patch's arrival. It owns no timer: the worker's TickWheel calls tick().
// It decodes its own room state, as each browser does: with interest management every
// client's state is its own view of the room (far players without a position, only the
// projectiles near it), so no bot could play on another's.
import { CloseCode, type Room } from "@colyseus/sdk";
import { STEP_MS } from "../shared/constants.ts";
import { decodeEcho, encodeViewTick, keysChanged, MessageType, ROOM_NAME, type GameMode } from "../shared/protocol.ts";
import { ArenaState } from "../shared/schema.ts";
import { Button, type InputLike } from "../shared/sim/types.ts";
import { Brain } from "./brain.ts";
import type { InputSender } from "../client/src/net/InputSender.ts";
import type { MeteredClient } from "../client/src/net/meteredClient.ts";
import { roomInputs } from "../client/src/net/roomLink.ts";
import { decodeShotsMetered, meterDecoding } from "./decodeMeter.ts";
import type { BotPlan } from "./plan.ts";
import type { RoomGroups } from "./roomGroups.ts";
import { PatchClock } from "./stats.ts";
import type { WorkerStats } from "./workerStats.ts";

type ArenaRoom = Room<any, ArenaState>;

/** What the bots of one worker share. */
export interface BotDeps {
  /** One SDK client per server (--url); a bot's target indexes them. */
  clients: readonly MeteredClient[];
  stats: WorkerStats;
  mode: GameMode;
  joinTimeoutMs: number;
  /** Input ticks between two ECHO probes of one bot. */
  echoEveryTicks: number;
  /** Input ticks between two chat lines of one bot; 0 for no chat. */
  chatEveryTicks: number;
  groups: RoomGroups;
}

/** What churn asks a bot to join with instead of its plan: quick play, or a room of its own. */
export interface Rejoin {
  role: "joinOrCreate" | "create";
}

/**
 * Where a bot is: before its first join, joining, in a room (playing, or dropped while the
 * SDK reconnects), busy with a leave or a reconnection of its own, or out of any room.
 */
export type BotPhase = "new" | "joining" | "in" | "busy" | "out";

/** What bots say in chat (picked by each bot's seeded stream). */
const CHAT_LINES = ["gg", "nice shot", "over here", "watch the left", "rapid fire up", "one more round", "brb", "shield taken"];

/** Leave must complete within this, or the socket is closed outright. */
const LEAVE_TIMEOUT_MS = 3000;
/** A reconnection with the token is tried this many times, the n-th after n × the delay (the server must see the drop first). */
const RELOAD_ATTEMPTS = 4;
const RELOAD_DELAY_MS = 300;

export class Bot {
  private room: ArenaRoom | undefined;
  private input: InputSender | undefined;
  private readonly brain: Brain;
  private readonly frame: InputLike = { mx: 0, my: 0, aim: 0, buttons: 0 };
  private patchClock = new PatchClock();
  private readonly echoPhase: number;
  private readonly chatPhase: number;
  /** The room's first state has arrived: there is a world to play in. */
  private sawState = false;
  private stopping = false;
  private live = false;
  /** When this bot last became live (joined or reconnected), performance.now(). */
  private liveSince = 0;
  /** When this bot's own join request started (not counting a wait for its group's room). */
  private joinStartedAt = 0;
  /** Index into deps.clients: the server this bot's matchmaking requests go to. */
  private target: number;
  phase: BotPhase = "new";

  constructor(readonly plan: BotPlan, private readonly deps: BotDeps) {
    this.brain = new Brain(plan.seed);
    this.echoPhase = plan.index % deps.echoEveryTicks;
    this.chatPhase = deps.chatEveryTicks > 0 ? plan.seed % deps.chatEveryTicks : 0;
    this.target = plan.target ?? 0;
  }

  private get client(): MeteredClient {
    const { clients } = this.deps;
    return clients[this.target % clients.length];
  }

  /** Playing (connected to its room), and for how long, in ms. */
  liveForMs(now = performance.now()): number {
    return this.live ? now - this.liveSince : -1;
  }

  /** Joins as planned, or (a rejoin) by quick play or a room of its own through the next server. */
  async join(rejoin?: Rejoin): Promise<void> {
    const { stats } = this.deps;
    const options = { name: this.plan.name, mode: this.deps.mode };
    if (rejoin) this.target++;
    this.phase = "joining";
    try {
      const room = await withTimeout(this.enter(options, rejoin), this.deps.joinTimeoutMs, "join timed out", (late) => {
        late.then((r) => r.leave(true), () => {});
      });
      if (this.stopping) {
        this.phase = "out";
        room.leave(true).catch(() => {});
        return;
      }
      stats.joinMs.record(performance.now() - this.joinStartedAt);
      stats.joinsOk++;
      this.attach(room);
    } catch (error) {
      this.phase = "out";
      stats.joinFailures++;
      stats.noteError(`join: ${errorText(error)}`);
    }
  }

  /** One input tick: decide, send the frame, and every few ticks an ECHO probe (and a chat line, if enabled). */
  tick(tickNumber: number): void {
    const { room, input } = this;
    if (!this.live || !room || !input || !this.sawState) return;
    const state = room.state;
    const { phase, mapSeed, arenaSize, players, pickups } = state;
    this.brain.decide({ selfId: room.sessionId, phase, map: this.deps.groups.map(mapSeed, arenaSize), players, pickups }, this.frame);
    const data = input.data;
    // Two frames to a message, as the browser sends them; a change of keys or buttons goes at once.
    const urgent = keysChanged(data, this.frame);
    data.mx = this.frame.mx;
    data.my = this.frame.my;
    data.aim = this.frame.aim;
    data.buttons = this.frame.buttons;
    // A bot sees the latest state as it arrives: that is the view its shots are judged against.
    data.view = this.frame.buttons & Button.FIRE ? encodeViewTick(state.tick) : 0;
    input.send(urgent);
    if ((tickNumber + this.echoPhase) % this.deps.echoEveryTicks === 0) {
      room.send(MessageType.ECHO, { t: performance.now() });
      this.deps.stats.echoesSent++;
    }
    if (this.deps.chatEveryTicks > 0 && (tickNumber + this.chatPhase) % this.deps.chatEveryTicks === 0) {
      room.send(MessageType.CHAT, { text: CHAT_LINES[(tickNumber + this.plan.seed) % CHAT_LINES.length] });
      this.deps.stats.chatSent++;
    }
  }

  /**
   * Churn: the socket is closed abruptly (no close frame, as when a network dies); the
   * server holds the seat and the SDK reconnects with the room's token by itself.
   */
  drop(): void {
    const room = this.room;
    if (!room || !this.live) return;
    this.deps.stats.churn.plannedDrops++;
    closeAbruptly(room);
  }

  /**
   * Churn: the socket is closed abruptly and the bot comes back with a fresh
   * client.reconnect(token) through the next server, as a reloaded page does. True when it
   * is back in its room; a failure counts as a reconnection failure and an unexpected leave.
   */
  async reload(): Promise<boolean> {
    const room = this.room;
    if (!room || !this.live) return false;
    const { stats } = this.deps;
    stats.churn.plannedReloads++;
    const token = room.reconnectionToken;
    this.detach();
    room.reconnection.enabled = false;
    closeAbruptly(room);
    this.target++;
    let lastError: unknown;
    for (let attempt = 1; attempt <= RELOAD_ATTEMPTS; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, RELOAD_DELAY_MS * attempt));
      if (this.stopping) break;
      try {
        const back = await withTimeout(this.client.reconnect(token, ArenaState), this.deps.joinTimeoutMs, "reconnect timed out", (late) => {
          late.then((r) => r.leave(true), () => {});
        });
        if (this.stopping) {
          back.leave(true).catch(() => {});
          break;
        }
        stats.churn.reloadsOk++;
        this.attach(back);
        return true;
      } catch (error) {
        lastError = error;
      }
    }
    this.phase = "out";
    if (this.stopping) return false;
    stats.churn.reconnectFailures++;
    stats.unexpectedLeaves++;
    stats.noteError(`reconnect with token: ${errorText(lastError)}`);
    return false;
  }

  /** Churn: a consented leave; the bot is then out of any room until it joins again. */
  async leave(): Promise<void> {
    const room = this.room;
    if (!room || !this.live) return;
    this.deps.stats.churn.plannedLeaves++;
    this.detach();
    room.reconnection.enabled = false;
    await withTimeout(room.leave(true), LEAVE_TIMEOUT_MS, "leave timed out").catch(() => room.connection.close());
    this.phase = "out";
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const room = this.room;
    if (!room) return;
    // No new reconnection, and a retry already scheduled gives up instead of reconnecting.
    room.reconnection.enabled = false;
    room.reconnection.maxRetries = 0;
    if (!this.live) return;
    this.setLive(false);
    if (room.connection.isOpen) {
      await withTimeout(room.leave(true), LEAVE_TIMEOUT_MS, "leave timed out").catch(() => room.connection.close());
    } else {
      room.connection.close();
    }
  }

  /** The current room is let go of on purpose: its late events (leave, drop) are ignored from now on. */
  private detach(): void {
    this.phase = "busy";
    this.setLive(false);
    this.room = undefined;
    this.input = undefined;
  }

  private enter(options: { name: string; mode: GameMode }, rejoin?: Rejoin): Promise<ArenaRoom> {
    const { groups } = this.deps;
    const client = this.client;
    if (rejoin?.role === "create") {
      this.joinStartedAt = performance.now();
      return client.create(ROOM_NAME, options, ArenaState);
    }
    if (rejoin || this.plan.role === "joinOrCreate") {
      this.joinStartedAt = performance.now();
      return client.joinOrCreate(ROOM_NAME, options, ArenaState);
    }
    let createdRoom: ArenaRoom | undefined;
    const claim = groups.roomId(this.plan.group, async () => {
      this.joinStartedAt = performance.now();
      createdRoom = await client.create(ROOM_NAME, options, ArenaState);
      return createdRoom.roomId;
    });
    if (claim.created) return claim.id.then(() => createdRoom!);
    return claim.id.then(
      (roomId) => {
        this.joinStartedAt = performance.now();
        return client.joinById(roomId, options, ArenaState);
      },
      // The creator failed: this bot tries to create the group's room instead.
      () => this.enter(options),
    );
  }

  private attach(room: ArenaRoom): void {
    const { stats } = this.deps;
    this.room = room;
    this.phase = "in";
    this.sawState = false;
    this.patchClock = new PatchClock();
    this.input = roomInputs(room);
    stats.noteRoom(room.roomId);
    // The first full state comes only after the join is acknowledged, so it is metered too.
    meterDecoding(room.serializer, stats);
    this.setLive(true);

    const current = () => this.room === room;
    room.onStateChange(() => {
      if (!current()) return;
      // Each patch carries its tick, so jitter is measured against the server's own spacing.
      const gap = this.patchClock.onPatch(performance.now(), room.state.tick * STEP_MS);
      if (gap) {
        stats.patchIntervalMs.record(gap.intervalMs);
        stats.patchJitterMs.record(gap.jitterMs);
        // The server's patch rate, as its ticks show it (PATCH_RATE_HZ may differ from the default).
        stats.expectedPatchIntervalMs = Math.round(this.patchClock.meanSentGapMs!);
      }
      this.sawState = true;
    });
    room.onMessage(MessageType.ECHO, (payload: unknown) => {
      const echo = decodeEcho(payload);
      if (!echo.ok) return stats.noteError("echo: malformed reply");
      stats.echoesReceived++;
      stats.rttMs.record(performance.now() - echo.value.t);
    });
    room.onMessage(MessageType.SHOTS, (payload: Uint8Array) => {
      if (!decodeShotsMetered(payload, stats)) stats.noteError("shots: malformed message");
    });
    room.onMessage(MessageType.KILL, () => { stats.kills++; });
    room.onMessage(MessageType.CHAT_LINE, (payload: unknown) => stats.noteChatLine(payload));
    room.onMessage(MessageType.CHAT_REJECTED, () => { stats.chatRejected++; });
    room.onMessage("*", () => {});
    room.onError((code, message) => {
      if (!current()) return;
      stats.roomErrors++;
      stats.noteError(`room error ${code}: ${message ?? ""}`.trim());
    });
    room.onDrop(() => {
      if (!current()) return;
      stats.drops++;
      this.setLive(false);
    });
    room.onReconnect(() => {
      if (!current()) return;
      stats.reconnects++;
      // A reconnection already under way when the bot was stopped: leave at once.
      if (this.stopping) {
        room.leave(true).catch(() => {});
        return;
      }
      this.setLive(true);
    });
    room.onLeave((code, reason) => {
      if (!current()) return;
      this.setLive(false);
      this.room = undefined;
      this.phase = "out";
      if (this.stopping) return;
      stats.unexpectedLeaves++;
      if (code === CloseCode.FAILED_TO_RECONNECT) stats.churn.reconnectFailures++;
      stats.noteError(`left with code ${code}${reason ? `: ${reason}` : ""}`);
    });
  }

  private setLive(live: boolean): void {
    if (live === this.live) return;
    this.live = live;
    if (live) this.liveSince = performance.now();
    this.deps.stats.connected += live ? 1 : -1;
  }
}

/**
 * Closes the room's socket without a close frame (the `ws` socket is destroyed), so both
 * ends see an abnormal closure (1006), as when a network dies.
 */
function closeAbruptly(room: ArenaRoom): void {
  const ws = (room.connection.transport as unknown as { ws?: { terminate?: () => void } }).ws;
  if (typeof ws?.terminate === "function") ws.terminate();
  else room.connection.close(CloseCode.ABNORMAL_CLOSURE);
}

/** Rejects after `ms`; a promise that settles later is handed to `onLate` (to clean it up). */
function withTimeout<T>(promise: Promise<T>, ms: number, message: string, onLate?: (late: Promise<T>) => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => { onLate?.(promise); reject(new Error(message)); }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** One line per distinct failure: the error's class, its code when it has one (matchmaking errors do), and its message. */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return [error.name, code === undefined ? "" : ` ${code}`, error.message ? `: ${error.message}` : ""].join("");
}
