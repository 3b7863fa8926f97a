// Colyseus's LobbyRoom (the realtime listing of open rooms) behind the same per-client
// checks as the arena. Unguarded it takes any number of messages per second, and each
// `filter` message is answered with the whole room list: a tiny frame buys a large reply.
import { LobbyRoom, type Client, type RoomException, type RoomMethodName } from "@colyseus/core";
import { MAX_PROTOCOL_VIOLATIONS } from "../../shared/protocol.ts";
import { ClientGuard } from "./ClientGuard.ts";
import { decodeLobbyFrame } from "./clientFrame.ts";
import type { MessageRateLimits } from "./MessageRateLimiter.ts";
import { RoomFaults } from "./RoomFaults.ts";
import type { RoomSnapshot } from "../metrics.ts";
import { closeSlowConsumers, guardRoomFrames, reportFault, type RoomServices } from "./roomGuard.ts";

/** A lobby client sends next to nothing (a ping now and then, a rare filter). */
export const LOBBY_MESSAGE_LIMITS: MessageRateLimits = { ratePerSecond: 4, burst: 8, floodDrops: 16 };
/** How often the lobby looks for clients that stopped reading (it has no tick). */
export const LOBBY_SEND_CHECK_MS = 500;

export interface LobbySettings {
  maxSendBufferBytes: number;
  services: RoomServices;
}

export class GuardedLobbyRoom extends LobbyRoom {
  private readonly guard = new ClientGuard({ ...LOBBY_MESSAGE_LIMITS, maxViolations: MAX_PROTOCOL_VIOLATIONS }, decodeLobbyFrame);
  private readonly faults = new RoomFaults();
  private services!: RoomServices;

  override async onCreate(options: { settings: LobbySettings }): Promise<void> {
    const { services, maxSendBufferBytes } = options.settings;
    this.services = services;
    services.metrics.roomOpened(this, "lobby");
    guardRoomFrames(this, this.guard, services, (error, client) => this.fault(error, "onMessage", client));
    this.maxMessagesPerSecond = 2 * (LOBBY_MESSAGE_LIMITS.ratePerSecond + LOBBY_MESSAGE_LIMITS.burst); // Colyseus's backstop
    this.clock.setInterval(() => closeSlowConsumers(this.clients, maxSendBufferBytes, services, this.roomId), LOBBY_SEND_CHECK_MS);
    await super.onCreate(options);
  }

  /** For the rooms gauge. */
  snapshot(): RoomSnapshot {
    return { type: "lobby", mode: "none", phase: "none", clients: this.clients.length };
  }

  override onDispose(): void {
    this.services.metrics.roomClosed(this, "lobby");
    super.onDispose();
  }

  override onLeave(client: Client): void {
    this.guard.forget(client.sessionId);
    super.onLeave(client);
  }

  override onUncaughtException(error: RoomException, methodName: RoomMethodName): void {
    this.fault(error.cause ?? error, methodName, "client" in error ? (error.client as Client | undefined) : undefined);
  }

  private fault(error: unknown, where: string, client?: Client): void {
    reportFault(this.faults, "handler", { roomType: "lobby", room: this.roomId, where, client: client?.sessionId }, error, this.services);
  }
}
