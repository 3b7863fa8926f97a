// The client's one door to the server: the only module that imports the SDK Client.
import { Client, CloseCode as ColyseusCloseCode, type Room } from "@colyseus/sdk";
import { RECONNECT_WINDOW_SECONDS } from "../../../shared/constants.ts";
import {
  decodeChatLine, decodeChatRejected, decodeHit, decodeKill, LOBBY_ROOM_NAME, MessageType, ROOM_NAME,
  type ChatLine, type ChatRejected, type HitMessage, type KillMessage, type ViewSize,
} from "../../../shared/protocol.ts";
import { ArenaState } from "../../../shared/schema.ts";
import { CHAT_HISTORY_LINES } from "../chat/chatLines.ts";
import { ConnectionWatchdog } from "./ConnectionWatchdog.ts";
import { isPrivateRequest, type JoinRequest } from "./joinRequest.ts";
import type { MatchView } from "./MatchView.ts";
import { emptyTraffic, MeteredClient, type TrafficCounters } from "./meteredClient.ts";
import { roomStatusUrl } from "./serverUrl.ts";
import { viewRoom } from "./roomLink.ts";
import type { SavedSession, SessionStore } from "./savedSession.ts";
import { ViewReporter } from "./ViewReporter.ts";

/** Patches come 20 times a second and echoes once a second: this much silence is a dead socket. */
const SILENCE_LIMIT_MS = 6000;
/** The server holds a seat this long (by default); trying for longer than that is pointless. */
const RECONNECT_LIMIT_MS = (RECONNECT_WINDOW_SECONDS + 10) * 1000;
const WATCHDOG_CHECK_MS = 500;
/** A leave the server never confirms (a dead socket) is completed locally after this. */
const LEAVE_CONFIRM_MS = 1500;
/**
 * While reconnecting, how often the client asks the server (any process) whether its room is
 * still listed: a room whose process died leaves the directory within seconds, and waiting out
 * the whole reconnection window for it would keep the player staring at "Reconnecting…".
 */
const ROOM_PROBE_MS = 3000;

export type ConnectionStatus = "connected" | "reconnecting" | "closed";

export interface CloseInfo {
  code: number;
  reason?: string;
}

export interface ArenaConnection {
  readonly sessionId: string;
  readonly roomId: string;
  /** The code friends join with, for a private room; null for a public one. */
  readonly roomCode: string | null;
  readonly serverUrl: string;
  /** The decoded, server-authoritative state (a live object the SDK patches in place). */
  readonly state: ArenaState;
  /** True once the first full state has arrived. */
  readonly synced: boolean;
  readonly status: ConnectionStatus;
  /** The netcode: prediction, interpolation, clock and the network panel's numbers. */
  readonly view: MatchView;
  /**
   * The room's latest chat lines, oldest first. Lines arrive from the moment of joining,
   * before the HUD is up to listen ("Bob joined"): it shows these first.
   */
  readonly chatHistory: readonly ChatLine[];
  onKill(listener: (kill: KillMessage) => void): () => void;
  /** One of this player's shots landed (the server tells only the shooter). */
  onHit(listener: (hit: HitMessage) => void): () => void;
  onChat(listener: (line: ChatLine) => void): () => void;
  onChatRejected(listener: (rejected: ChatRejected) => void): () => void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  onClose(listener: (info: CloseInfo) => void): () => void;
  sendChat(text: string): void;
  /**
   * The world the camera shows now (call every frame): the server is told when it changed
   * (a resize, a turned phone), at most a few times a second.
   */
  reportView(view: ViewSize): void;
  leave(): Promise<void>;
}

/** Joins a match as the menu asked; rejects with the SDK's error when it cannot. */
export async function connectToArena(request: JoinRequest, serverUrl: string, sessions: SessionStore): Promise<ArenaConnection> {
  const client = new MeteredClient(serverUrl);
  const room = await joinRoom(client, request);
  return new RoomConnection(room, serverUrl, isPrivateRequest(request), sessions, client.counters, request.options.view ?? null);
}

/** Takes back the seat this tab held before a reload; rejects when the server no longer holds it. */
export async function resumeArena(saved: SavedSession, serverUrl: string, sessions: SessionStore): Promise<ArenaConnection> {
  const client = new MeteredClient(serverUrl);
  const room = await client.reconnect(saved.token, ArenaState);
  return new RoomConnection(room, serverUrl, saved.privateRoom, sessions, client.counters);
}

function joinRoom(client: MeteredClient, request: JoinRequest): Promise<Room<any, ArenaState>> {
  switch (request.method) {
    case "joinOrCreate": return client.joinOrCreate(ROOM_NAME, request.options, ArenaState);
    case "create": return client.create(ROOM_NAME, request.options, ArenaState);
    case "joinById": return client.joinById(request.roomId, request.options, ArenaState);
  }
}

/** What the lobby room tells its listener; payloads are passed on undecoded. */
export interface LobbyListener {
  /** "rooms": every open public room, on joining. */
  rooms(payload: unknown): void;
  /** "+": [roomId, listing], added or changed. */
  added(payload: unknown): void;
  /** "-": roomId, gone. */
  removed(payload: unknown): void;
  /** The lobby connection ended for good. */
  closed(code: number): void;
}

export interface LobbyConnection {
  leave(): void;
}

/** Joins the realtime listing of open public rooms. */
export async function joinLobby(serverUrl: string, listener: LobbyListener): Promise<LobbyConnection> {
  const room = await new Client(serverUrl).joinOrCreate(LOBBY_ROOM_NAME);
  let left = false;
  room.onMessage("rooms", (payload: unknown) => listener.rooms(payload));
  room.onMessage("+", (payload: unknown) => listener.added(payload));
  room.onMessage("-", (payload: unknown) => listener.removed(payload));
  room.onMessage("*", () => {});
  room.onLeave((code) => { if (!left) listener.closed(code); });
  // A retry the SDK had already scheduled may land after leave(): give that seat up too.
  room.onReconnect(() => { if (left) void room.leave(true); });
  return {
    leave() {
      if (left) return;
      left = true;
      // A dropped lobby may be mid-reconnection: stop that too.
      room.reconnection.enabled = false;
      if (room.connection.isOpen) void room.leave(true);
    },
  };
}

class RoomConnection implements ArenaConnection {
  readonly sessionId: string;
  readonly roomId: string;
  readonly roomCode: string | null;
  readonly view: MatchView;
  synced = false;
  status: ConnectionStatus = "connected";
  readonly chatHistory: ChatLine[] = [];
  private readonly killListeners = new Set<(kill: KillMessage) => void>();
  private readonly hitListeners = new Set<(hit: HitMessage) => void>();
  private readonly chatListeners = new Set<(line: ChatLine) => void>();
  private readonly rejectedListeners = new Set<(rejected: ChatRejected) => void>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private readonly closeListeners = new Set<(info: CloseInfo) => void>();
  private readonly watchdog = new ConnectionWatchdog(
    { silenceLimitMs: SILENCE_LIMIT_MS, reconnectLimitMs: RECONNECT_LIMIT_MS }, performance.now());
  private readonly timers: ReturnType<typeof setTimeout>[] = [];
  /** When to next ask whether the room still exists, while reconnecting; and whether a question is out. */
  private probeAt = 0;
  private probing = false;
  private readonly viewReporter: ViewReporter;

  constructor(
    private readonly room: Room<any, ArenaState>,
    readonly serverUrl: string,
    privateRoom: boolean,
    private readonly sessions: SessionStore,
    traffic: TrafficCounters = emptyTraffic(),
    /** The view the join options stated; null for a resumed seat (the server's may be another screen's). */
    joinedWithView: ViewSize | null = null,
  ) {
    this.sessionId = room.sessionId;
    this.roomId = room.roomId;
    this.roomCode = privateRoom ? room.roomId : null;
    this.view = viewRoom(room, traffic);
    this.viewReporter = new ViewReporter((size) => room.send(MessageType.VIEW, size), joinedWithView);
    // The SDK skips reconnection for rooms younger than minUptime; a drop in the first
    // seconds of a match deserves a retry as much as any other.
    room.reconnection.minUptime = 0;
    this.rememberSeat();

    room.onStateChange(() => {
      this.synced = true;
      this.watchdog.heard(performance.now());
    });
    this.listen(MessageType.KILL, (payload) => {
      const kill = decodeKill(payload);
      if (kill.ok) for (const listener of this.killListeners) listener(kill.value);
    });
    // The netcode hears HIT too (roomLink.ts); this is for the hit markers.
    this.listen(MessageType.HIT, (payload) => {
      const hit = decodeHit(payload);
      if (hit.ok) for (const listener of this.hitListeners) listener(hit.value);
    });
    this.listen(MessageType.CHAT_LINE, (payload) => {
      const line = decodeChatLine(payload);
      if (!line.ok) return;
      this.chatHistory.push(line.value);
      if (this.chatHistory.length > CHAT_HISTORY_LINES) this.chatHistory.shift();
      for (const listener of this.chatListeners) listener(line.value);
    });
    this.listen(MessageType.CHAT_REJECTED, (payload) => {
      const rejected = decodeChatRejected(payload);
      if (rejected.ok) for (const listener of this.rejectedListeners) listener(rejected.value);
    });
    // Messages this client does not show are dropped quietly instead of each logging a warning.
    this.listen("*", () => {});
    room.onDrop(() => {
      if (this.status === "closed") return;
      if (this.status !== "reconnecting") this.probeAt = performance.now() + ROOM_PROBE_MS;
      this.watchdog.dropped(performance.now());
      this.setStatus("reconnecting");
    });
    room.onReconnect(() => this.reconnected());
    room.onLeave((code, reason) => this.closed({ code, reason }));
    room.onError((code, message) => console.warn(`room error ${code}: ${message ?? ""}`));
    this.timers.push(setInterval(() => this.checkWatchdog(), WATCHDOG_CHECK_MS));
  }

  get state(): ArenaState {
    return this.room.state;
  }

  onKill(listener: (kill: KillMessage) => void): () => void {
    return subscribe(this.killListeners, listener);
  }

  onHit(listener: (hit: HitMessage) => void): () => void {
    return subscribe(this.hitListeners, listener);
  }

  onChat(listener: (line: ChatLine) => void): () => void {
    return subscribe(this.chatListeners, listener);
  }

  onChatRejected(listener: (rejected: ChatRejected) => void): () => void {
    return subscribe(this.rejectedListeners, listener);
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    return subscribe(this.statusListeners, listener);
  }

  onClose(listener: (info: CloseInfo) => void): () => void {
    return subscribe(this.closeListeners, listener);
  }

  sendChat(text: string): void {
    // While reconnecting the SDK queues the line and sends it once back.
    if (this.status !== "closed") this.room.send(MessageType.CHAT, { text });
  }

  reportView(view: ViewSize): void {
    // While reconnecting the SDK queues it: the server keeps the seat's view for the reconnection.
    if (this.status !== "closed") this.viewReporter.update(view, performance.now());
  }

  async leave(): Promise<void> {
    if (this.status === "closed") return;
    if (this.status === "reconnecting") {
      // The SDK keeps trying in the background; if it gets back in, reconnected() leaves at once.
      this.closed({ code: ColyseusCloseCode.CONSENTED });
      return;
    }
    const confirmed = this.room.leave(true);
    const unconfirmed = new Promise<void>((resolve) => setTimeout(resolve, LEAVE_CONFIRM_MS));
    await Promise.race([confirmed, unconfirmed]);
    this.closed({ code: ColyseusCloseCode.CONSENTED });
  }

  private listen(type: number | "*", handler: (payload: unknown) => void): void {
    this.room.onMessage(type, (payload: unknown) => {
      this.watchdog.heard(performance.now());
      handler(payload);
    });
  }

  private checkWatchdog(): void {
    if (this.status === "reconnecting") this.probeRoom(performance.now());
    switch (this.watchdog.check(performance.now())) {
      case "silent":
        // 4010 makes the SDK treat the close as a drop and start reconnecting at once,
        // without waiting for a close handshake a dead server will never answer.
        this.room.connection.close(ColyseusCloseCode.MAY_TRY_RECONNECT, "no data from the server");
        break;
      case "give_up":
        this.closed({ code: ColyseusCloseCode.FAILED_TO_RECONNECT });
        break;
      case "ok":
        break;
    }
  }

  /**
   * Asks whether the room is still listed. Gone: its server stopped or died, so stop trying
   * at once. No answer: this player's own connection is down, so the reconnection goes on.
   */
  private probeRoom(now: number): void {
    if (this.probing || now < this.probeAt) return;
    this.probing = true;
    this.probeAt = now + ROOM_PROBE_MS;
    fetch(roomStatusUrl(this.serverUrl, this.roomId), { cache: "no-store" })
      .then((response) => (response.ok ? response.json() as Promise<{ open?: unknown }> : null))
      .then((status) => {
        if (status?.open !== false || this.status !== "reconnecting") return;
        this.room.reconnection.enabled = false;
        this.closed({ code: ColyseusCloseCode.FAILED_TO_RECONNECT });
      })
      .catch(() => {})
      .finally(() => { this.probing = false; });
  }

  private reconnected(): void {
    if (this.status === "closed") {
      // Back in after the player gave up on this match: give the seat up properly.
      void this.room.leave(true);
      return;
    }
    this.watchdog.reconnected(performance.now());
    this.rememberSeat();
    this.setStatus("connected");
  }

  /** A reload of this tab can take the seat back with the latest token. */
  private rememberSeat(): void {
    this.sessions.save({ token: this.room.reconnectionToken, privateRoom: this.roomCode !== null });
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }

  private closed(info: CloseInfo): void {
    if (this.status === "closed") return;
    this.sessions.clear();
    for (const timer of this.timers) clearTimeout(timer);
    this.setStatus("closed");
    for (const listener of this.closeListeners) listener(info);
    this.closeListeners.clear();
    this.killListeners.clear();
    this.hitListeners.clear();
    this.chatListeners.clear();
    this.rejectedListeners.clear();
    this.statusListeners.clear();
  }
}

function subscribe<T>(listeners: Set<T>, listener: T): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
