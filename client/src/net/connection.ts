// The client's one door to the server: the only module that imports the SDK Client.
import { Client, type Room } from "@colyseus/sdk";
import { decodeKill, MessageType, ROOM_NAME, type KillMessage } from "../../../shared/protocol.ts";
import { ArenaState } from "../../../shared/schema.ts";
import type { InputLike } from "../../../shared/sim/types.ts";
import type { InputChannel } from "../input/InputSampler.ts";

/** How often the HUD's ping is refreshed. */
const PING_INTERVAL_MS = 2000;
/** The first probe waits for the page to settle: a busy first frame would inflate it. */
const FIRST_PING_DELAY_MS = 300;

export type ConnectionStatus = "connected" | "reconnecting" | "closed";

export interface CloseInfo {
  code: number;
  reason?: string;
}

export interface ArenaConnection {
  readonly sessionId: string;
  readonly serverUrl: string;
  /** The decoded, server-authoritative state (a live object the SDK patches in place). */
  readonly state: ArenaState;
  /** True once the first full state has arrived. */
  readonly synced: boolean;
  readonly status: ConnectionStatus;
  /** Last measured round trip in ms (room.ping), or null before the first answer. */
  readonly pingMs: number | null;
  /** Wall-clock time (performance.now()) of the latest state patch. */
  readonly lastPatchAt: number;
  /** Where input frames go, one per fixed tick. */
  readonly input: InputChannel;
  onKill(listener: (kill: KillMessage) => void): () => void;
  onClose(listener: (info: CloseInfo) => void): () => void;
  leave(): Promise<void>;
}

/** Joins (or opens) an arena room under `name`; rejects with the SDK's error when it cannot. */
export async function connectToArena(name: string, serverUrl: string): Promise<ArenaConnection> {
  const client = new Client(serverUrl);
  const room = await client.joinOrCreate(ROOM_NAME, { name }, ArenaState);
  return new RoomConnection(room, serverUrl);
}

class RoomConnection implements ArenaConnection {
  readonly sessionId: string;
  readonly input: InputChannel;
  synced = false;
  status: ConnectionStatus = "connected";
  pingMs: number | null = null;
  lastPatchAt = performance.now();
  private readonly killListeners = new Set<(kill: KillMessage) => void>();
  private readonly closeListeners = new Set<(info: CloseInfo) => void>();
  private readonly pingTimer: ReturnType<typeof setInterval>;
  private readonly firstPing: ReturnType<typeof setTimeout>;

  constructor(private readonly room: Room<any, ArenaState>, readonly serverUrl: string) {
    this.sessionId = room.sessionId;
    this.input = room.input<InputLike>();
    room.onStateChange(() => {
      this.synced = true;
      this.lastPatchAt = performance.now();
    });
    room.onMessage(MessageType.KILL, (payload: unknown) => {
      const kill = decodeKill(payload);
      if (kill.ok) for (const listener of this.killListeners) listener(kill.value);
    });
    // Messages this client does not show yet are dropped quietly instead of each logging a warning.
    room.onMessage("*", () => {});
    room.onDrop(() => { this.status = "reconnecting"; });
    room.onReconnect(() => { this.status = "connected"; });
    room.onLeave((code, reason) => this.closed({ code, reason }));
    room.onError((code, message) => console.warn(`room error ${code}: ${message ?? ""}`));
    this.pingTimer = setInterval(() => this.measurePing(), PING_INTERVAL_MS);
    this.firstPing = setTimeout(() => this.measurePing(), FIRST_PING_DELAY_MS);
  }

  get state(): ArenaState {
    return this.room.state;
  }

  onKill(listener: (kill: KillMessage) => void): () => void {
    this.killListeners.add(listener);
    return () => this.killListeners.delete(listener);
  }

  onClose(listener: (info: CloseInfo) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  async leave(): Promise<void> {
    if (this.status === "closed") return;
    await this.room.leave(true);
  }

  private measurePing(): void {
    this.room.ping((ms) => { this.pingMs = ms; });
  }

  private closed(info: CloseInfo): void {
    if (this.status === "closed") return;
    this.status = "closed";
    clearInterval(this.pingTimer);
    clearTimeout(this.firstPing);
    for (const listener of this.closeListeners) listener(info);
    this.closeListeners.clear();
    this.killListeners.clear();
  }
}
