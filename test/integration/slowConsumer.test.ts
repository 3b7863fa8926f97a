// A client that stops reading while the server keeps talking to it: its queue is bounded
// by MAX_SEND_BUFFER_BYTES, then it is closed and its memory released, while an honest
// player in the same room notices nothing.
import assert from "node:assert/strict";
import v8 from "node:v8";
import vm from "node:vm";
import { matchMaker, type Client } from "@colyseus/core";
import { CloseCode, MessageType } from "../../shared/protocol.ts";
import type { ArenaRoom } from "../../server/rooms/ArenaRoom.ts";
import { RawClient, reserveSeat } from "../helpers/rawClient.ts";
import { readMetric, startTestServer, waitForState, type TestServer } from "../helpers/server.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MiB = 1024 * 1024;
/** One large message the server sends the stalled client (a big system line): 64 KiB. */
const CHUNK_TEXT = "x".repeat(64 * 1024);

/** The server-side ws of a client: Client.ref is the raw ws WebSocket with ws-transport. */
const queued = (client: Client) => (client.ref as unknown as { bufferedAmount: number }).bufferedAmount;

interface PumpResult { peakQueuedBytes: number; offeredBytes: number; closedAfterMs: number | null }

/**
 * Joins a raw client that acknowledges the join and then stops reading, and makes the
 * server send it ~12 MiB a second for `durationMs` (far more than any room's patches, to
 * get past the several MiB the kernel's socket buffers absorb first).
 */
async function stallAndPump(t: TestServer, durationMs: number): Promise<PumpResult & { sessionId: string; raw: RawClient }> {
  const seat = await reserveSeat(t.httpUrl, { name: "stalled" });
  const raw = await RawClient.connect(t.wsUrl, seat);
  await raw.join();
  await sleep(100); // the full state arrives and is read
  raw.ws.pause(); // stop reading: the kernel buffers fill, then the server's queue grows
  const room = matchMaker.getLocalRoomById(seat.roomId) as ArenaRoom;
  const client = room.clients.getById(seat.sessionId)!;
  let peakQueuedBytes = 0, offeredBytes = 0, closedAfterMs: number | null = null;
  const started = Date.now();
  while (Date.now() - started < durationMs) {
    // Once closing, ws counts bytes sent to the socket without keeping them (bufferedAmount's
    // standard meaning), so the queue is measured while the socket is open.
    const open = (client.ref as unknown as { readyState: number }).readyState === 1;
    if (open) peakQueuedBytes = Math.max(peakQueuedBytes, queued(client));
    else closedAfterMs ??= Date.now() - started;
    for (let i = 0; i < 4; i++) {
      client.send(MessageType.CHAT_LINE, { kind: "system", text: CHUNK_TEXT });
      offeredBytes += CHUNK_TEXT.length;
    }
    await sleep(20);
  }
  return { peakQueuedBytes, offeredBytes, closedAfterMs, sessionId: seat.sessionId, raw };
}

/** A full collection on demand, so what is measured is memory still held, not garbage. */
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

/** Heap plus Buffer memory the process still holds. */
function retainedMemory(): number {
  collectGarbage();
  collectGarbage();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

describe("a client that stops reading", function () {
  this.timeout(30_000);
  let t: TestServer;
  afterEach(async () => { await t?.close(); });

  it("is closed once more than MAX_SEND_BUFFER_BYTES wait for it, and server memory stays bounded", async () => {
    const limit = 512 * 1024;
    t = await startTestServer({ maxSendBufferBytes: limit, reconnectWindowSeconds: 20 });
    const closedBefore = await readMetric(t, 'skirmish_clients_closed_total{reason="slow_consumer"}');
    const honest = await t.join({ name: "honest" });
    const before = retainedMemory();
    const result = await stallAndPump(t, 3000);
    const grown = retainedMemory() - before;

    assert.ok(result.closedAfterMs !== null && result.closedAfterMs < 2000, `closed after ${result.closedAfterMs} ms`);
    // Checked every tick (33 ms), while the test offers ~0.5 MiB per 20 ms.
    assert.ok(result.peakQueuedBytes < limit + 4 * MiB, `peak queue ${(result.peakQueuedBytes / MiB).toFixed(1)} MiB`);
    assert.ok(result.offeredBytes > 30 * MiB);
    assert.ok(grown < 8 * MiB, `held ${(grown / MiB).toFixed(1)} MiB more after ${(result.offeredBytes / MiB).toFixed(0)} MiB were offered`);
    assert.equal(await readMetric(t, 'skirmish_clients_closed_total{reason="slow_consumer"}'), closedBefore + 1);

    // A slow link is not abuse: the seat is held for a reconnection, and the honest player plays on.
    await waitForState(honest, (s) => s.players.get(result.sessionId)?.connected === false, 3000, "stalled player marked disconnected");
    assert.ok(honest.connection.isOpen);
    // Its close frame waited behind the unread backlog, so it sees 4408 only if it reads again
    // within the close handshake timeout; after that its socket was simply cut.
    result.raw.ws.resume();
    assert.ok([CloseCode.SLOW_CONSUMER, 1006].includes((await result.raw.closed).code));
  });

  it("without the bound the queue would have kept growing (the same stall, with a 256 MiB limit)", async () => {
    t = await startTestServer({ maxSendBufferBytes: 256 * MiB });
    const before = retainedMemory();
    const result = await stallAndPump(t, 1500);
    const grown = retainedMemory() - before;
    assert.equal(result.closedAfterMs, null);
    assert.ok(result.peakQueuedBytes > 8 * MiB, `peak queue ${(result.peakQueuedBytes / MiB).toFixed(1)} MiB`);
    assert.ok(grown > 8 * MiB, `held ${(grown / MiB).toFixed(1)} MiB more: the queue is real memory`);
    result.raw.close();
  });
});
