import assert from "node:assert/strict";
import { ClientState, Protocol, type Client, type Room } from "@colyseus/core";
import { CloseCode, MAX_PROTOCOL_VIOLATIONS } from "../../../../shared/protocol.ts";
import { ClientGuard } from "../../../../server/net/ClientGuard.ts";
import { closeSlowConsumers, guardRoomFrames, type RoomServices } from "../../../../server/net/roomGuard.ts";
import { silentLogger } from "../../../../server/log.ts";
import { ServerMetrics } from "../../../../server/metrics.ts";

const services = (): RoomServices => ({ metrics: new ServerMetrics(), log: silentLogger });

const LIMITS = { ratePerSecond: 80, burst: 80, floodDrops: 100, maxViolations: MAX_PROTOCOL_VIOLATIONS };

/** A client as the guard sees it: a session, a handshake state and the ws socket behind it. */
function fakeClient(sessionId = "s1", socket: { bufferedAmount?: number; readyState?: number } = {}) {
  const calls: string[] = [];
  const client = {
    sessionId,
    state: ClientState.JOINED,
    leave: (code: number) => calls.push(`leave ${code}`),
    ref: { bufferedAmount: 0, readyState: 1, ...socket, pause: () => calls.push("pause"), terminate: () => calls.push("terminate") },
  } as unknown as Client;
  return { client, calls };
}

interface FrameEntry { _onMessage(client: Client, frame: Uint8Array): void }

/** A stand-in for a Colyseus room: only the private per-frame entry point the guard wraps. */
function fakeRoom(onFrame: (frame: Uint8Array) => void): FrameEntry {
  return { _onMessage: (_client: Client, frame: Uint8Array) => onFrame(frame) };
}
const asRoom = (entry: FrameEntry) => entry as unknown as Room;

describe("guardRoomFrames", () => {
  it("hands good frames to Colyseus and keeps bad ones away from it", () => {
    const delivered: number[] = [];
    const room = fakeRoom((frame) => delivered.push(frame[0]));
    guardRoomFrames(asRoom(room), new ClientGuard(LIMITS), services(), () => assert.fail("no fault"));
    const { client } = fakeClient();
    room._onMessage(client, Uint8Array.of(Protocol.PING));
    room._onMessage(client, Uint8Array.of(0xff, 0xff));
    assert.deepEqual(delivered, [Protocol.PING]);
  });

  it("turns an exception inside Colyseus into a fault report instead of an uncaught throw", () => {
    const room = fakeRoom(() => { throw new Error("decoder bug"); });
    const faults: unknown[] = [];
    guardRoomFrames(asRoom(room), new ClientGuard(LIMITS), services(), (error) => faults.push(error));
    assert.doesNotThrow(() => room._onMessage(fakeClient().client, Uint8Array.of(Protocol.PING)));
    assert.equal((faults[0] as Error).message, "decoder bug");
  });

  it("closes an abuser with the verdict's code and stops reading its socket", () => {
    const room = fakeRoom(() => {});
    guardRoomFrames(asRoom(room), new ClientGuard(LIMITS), services(), () => {});
    const { client, calls } = fakeClient();
    for (let i = 0; i <= MAX_PROTOCOL_VIOLATIONS; i++) room._onMessage(client, Uint8Array.of(0));
    assert.deepEqual(calls, [`leave ${CloseCode.PROTOCOL_VIOLATION}`, "pause"]);
  });
});

describe("closeSlowConsumers", () => {
  it("closes open clients over the limit with 4408 and leaves the others", () => {
    const slow = fakeClient("slow", { bufferedAmount: 2_000_000 });
    const fine = fakeClient("fine", { bufferedAmount: 10 });
    const closing = fakeClient("closing", { bufferedAmount: 5_000_000, readyState: 2 });
    const counted = services();
    closeSlowConsumers([slow.client, fine.client, closing.client], 1 << 20, counted, "r1");
    assert.deepEqual([slow.calls, fine.calls, closing.calls], [[`leave ${CloseCode.SLOW_CONSUMER}`], [], []]);
    assert.equal(counted.metrics.counts.clientsClosed.slow_consumer, 1);
  });
});
