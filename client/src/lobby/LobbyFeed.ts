// Keeps the menu subscribed to the lobby while it is shown: joins, rejoins after a failure,
// and leaves when the player goes into a match.
import type { LobbyConnection, LobbyListener } from "../net/connection.ts";
import { LobbyRooms } from "./LobbyRooms.ts";

export type LobbyStatus = "connecting" | "live" | "offline";

/** Joins the lobby room (joinLobby in the page; a fake in tests). */
export type JoinLobby = (listener: LobbyListener) => Promise<LobbyConnection>;

/** A lobby that could not be reached is tried again after this long. */
export const LOBBY_RETRY_MS = 3000;

export class LobbyFeed {
  readonly rooms = new LobbyRooms();
  private connection: LobbyConnection | null = null;
  private running = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  /** Tells a join still in flight, once it lands, whether it is still wanted. */
  private generation = 0;

  constructor(
    private readonly join: JoinLobby,
    /** Called whenever the list or the status changes. */
    private readonly changed: (status: LobbyStatus) => void,
    private readonly retryMs = LOBBY_RETRY_MS,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  stop(): void {
    this.running = false;
    this.generation++;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.connection?.leave();
    this.connection = null;
    this.rooms.clear();
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    this.changed("connecting");
    const current = () => this.running && generation === this.generation;
    const listener: LobbyListener = {
      rooms: (payload) => { if (current()) { this.rooms.replaceAll(payload); this.changed("live"); } },
      added: (payload) => { if (current()) { this.rooms.upsert(payload); this.changed("live"); } },
      removed: (payload) => { if (current()) { this.rooms.remove(payload); this.changed("live"); } },
      closed: () => { if (current()) this.lost(); },
    };
    try {
      const connection = await this.join(listener);
      if (current()) this.connection = connection;
      else connection.leave();
    } catch {
      if (current()) this.lost();
    }
  }

  private lost(): void {
    this.connection = null;
    this.rooms.clear();
    this.changed("offline");
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.running) void this.connect();
    }, this.retryMs);
  }
}
