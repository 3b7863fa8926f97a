// Property-based fuzzing of a live room's message path: random bytes and random structured
// values (msgpack payloads for the real message ids, input frames with any values, TIMED
// prefixes, control codes) sent over real sockets by many short-lived raw clients, while an
// honest player plays. Nothing may throw inside the room, and the honest player must not notice.
import assert from "node:assert/strict";
import { Protocol, ProtocolModifier } from "@colyseus/core";
import fc from "fast-check";
import { Packr } from "msgpackr";
import { TICK_HZ } from "../../shared/constants.ts";
import { encodeInputFrames, MessageType } from "../../shared/protocol.ts";
import { roomInputs } from "../../client/src/net/roomLink.ts";
import { RawClient, reserveSeat } from "../helpers/rawClient.ts";
import { readMetric, startTestServer, waitForState, type TestServer } from "../helpers/server.ts";

const packr = new Packr();
const bytes = (...parts: (number | Uint8Array | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "number" ? [p] : Array.from(p))));

const anyPayload = fc.oneof(
  fc.anything({ withBigInt: false, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true }),
  fc.record({ t: fc.oneof(fc.double(), fc.string(), fc.constant(null)) }, { requiredKeys: [] }),
  fc.record({ text: fc.oneof(fc.string({ unit: "binary", maxLength: 600 }), fc.integer(), fc.array(fc.string())) }, { requiredKeys: [] }),
);

const inputValues = fc.record({
  mx: fc.integer({ min: -128, max: 127 }), my: fc.integer({ min: -128, max: 127 }),
  aim: fc.double(), buttons: fc.integer({ min: 0, max: 255 }), view: fc.integer({ min: -1, max: 0x10000 }),
});

/** One client frame: garbage, or something close enough to the protocol to reach deeper code. */
const clientFrame = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 40 }),
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 30 })).map(([first, body]) => bytes(first, body)),
  fc.tuple(fc.constantFrom(MessageType.ECHO, MessageType.CHAT, 0, 7, 127), anyPayload)
    .map(([type, payload]) => bytes(Protocol.ROOM_DATA, type, packr.pack(payload))),
  fc.tuple(fc.constantFrom(MessageType.ECHO, MessageType.CHAT), fc.uint8Array({ maxLength: 30 }))
    .map(([type, body]) => bytes(Protocol.ROOM_DATA, type, body)),
  fc.array(inputValues, { minLength: 1, maxLength: 4 }).map((frames) => {
    const payload = new Uint8Array(32);
    return bytes(Protocol.ROOM_DATA_BYTES, MessageType.INPUTS, payload.subarray(0, encodeInputFrames(frames, frames.length, payload)));
  }),
  fc.tuple(fc.integer({ min: 0, max: 6 }), fc.uint8Array({ maxLength: 24 }))
    .map(([count, body]) => bytes(Protocol.ROOM_DATA_BYTES, MessageType.INPUTS, count, body)),
  fc.tuple(fc.constantFrom(Protocol.ROOM_INPUT_RELIABLE, Protocol.ROOM_INPUT_UNRELIABLE), fc.uint8Array({ maxLength: 12 }))
    .map(([code, body]) => bytes(code | ProtocolModifier.TIMED, body)), // a stamp Colyseus would decode before its try
  fc.constantFrom(bytes(Protocol.JOIN_ROOM), bytes(Protocol.PING), bytes(Protocol.ROOM_REQUEST, 1, 1), bytes(Protocol.ROOM_DATA_BYTES, 1, 2)),
);

/** Waits until the server has handled everything sent so far: a PING answered, or the socket closed. */
async function settle(raw: RawClient): Promise<void> {
  const pongs = raw.received.get(Protocol.PING) ?? 0;
  raw.send([Protocol.PING]);
  const deadline = Date.now() + 2000;
  while (raw.isOpen && (raw.received.get(Protocol.PING) ?? 0) === pongs && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe("the room's message handlers under fuzzing (real server, raw sockets)", function () {
  this.timeout(120_000);
  let t: TestServer;
  const quiet = { warn: console.warn, error: console.error };

  before(async () => {
    // The budget is opened wide so every frame reaches the decoders; floods are tested elsewhere.
    t = await startTestServer({
      messageRatePerSecond: 100_000, messageBurst: 100_000, messageFloodDrops: 100_000, maxMessagesPerSecond: 1_000_000,
      reconnectWindowSeconds: 0,
    });
  });
  after(async () => {
    Object.assign(console, quiet);
    await t.close();
  });

  it("thousands of random frames from hundreds of clients: no exception in the room, no log line, the honest player plays on", async () => {
    const honest = await t.join({ name: "honest" });
    const input = roomInputs(honest);
    let dir = 1;
    const driver = setInterval(() => { input.data.mx = dir; input.send(); }, 1000 / TICK_HZ);
    const errorsBefore = await readMetric(t, "skirmish_room_errors_total");
    let noise = 0;
    console.warn = console.error = () => { noise++; };
    let framesSent = 0;
    try {
      await fc.assert(fc.asyncProperty(fc.array(clientFrame, { minLength: 4, maxLength: 40 }), async (frames) => {
        const raw = await RawClient.connect(t.wsUrl, await reserveSeat(t.httpUrl, { name: "fuzz" }));
        await raw.join();
        for (const frame of frames) raw.send(frame);
        framesSent += frames.length;
        await settle(raw);
        raw.close();
      }), { seed: 6601, numRuns: 600 });
    } finally {
      clearInterval(driver);
      Object.assign(console, quiet);
    }
    assert.ok(framesSent > 5000, `${framesSent} frames sent`);
    assert.equal(await readMetric(t, "skirmish_room_errors_total"), errorsBefore, "no handler or tick threw");
    assert.equal(noise, 0, "nothing reached a decoder that logs");
    assert.ok(honest.connection.isOpen);
    const me = honest.state.players.get(honest.sessionId)!;
    const from = me.x;
    dir = from > 1200 ? -1 : 1;
    const driveAgain = setInterval(() => { input.data.mx = dir; input.send(); }, 1000 / TICK_HZ);
    try {
      await waitForState(honest, (s) => Math.abs(s.players.get(honest.sessionId)!.x - from) > 20, 5000, "the honest player still moves");
    } finally {
      clearInterval(driveAgain);
    }
  });
});
