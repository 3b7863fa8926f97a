import assert from "node:assert/strict";
import { Encoder, schema, t } from "@colyseus/schema";
import { Protocol, Room } from "@colyseus/sdk";
import { meterDecoding, type DecodeCounters } from "../../../loadbots/decodeMeter.ts";
import { Histogram } from "../../../loadbots/histogram.ts";

const Item = schema({ score: t.uint16().default(0) }, "DecodeMeterItem");
const Root = schema({ tick: t.uint32().default(0), items: t.map(Item) }, "DecodeMeterRoot");

const counters = (): DecodeCounters => ({ decodeMs: 0, patchesDecoded: 0, fullStatesDecoded: 0, shotMessagesDecoded: 0, stateBytesDecoded: 0, patchDecodeUs: new Histogram() });

/** A frame as the server sends it: the protocol code, then the encoded state (copied out of the encoder's shared buffer). */
const frame = (code: number, bytes: Uint8Array) => Uint8Array.from([code, ...bytes]);

describe("loadbots decode meter", () => {
  it("times and counts every full state and patch the SDK's Room hands its serializer", () => {
    const server = new Root();
    for (let i = 0; i < 8; i++) server.items.set(String(i), new Item({ score: i }));
    const encoder = new Encoder(server);
    const full = frame(Protocol.ROOM_STATE, encoder.encodeAll());
    encoder.discardChanges();
    server.tick = 7;
    server.items.get("3")!.score = 300;
    const patch = frame(Protocol.ROOM_STATE_PATCH, encoder.encode());
    encoder.discardChanges();

    const room = new Room("decode-meter", Root);
    const meter = counters();
    meterDecoding(room.serializer, meter);
    // What the room's connection does with each WebSocket message.
    const receive = (bytes: Uint8Array) => (room as unknown as { onMessageCallback(e: { data: Uint8Array }): void }).onMessageCallback({ data: bytes });
    receive(full);
    receive(patch);
    receive(patch);

    assert.equal(room.state.tick, 7, "the metered serializer still decodes");
    assert.equal(room.state.items.get("3")!.score, 300);
    assert.deepEqual([meter.fullStatesDecoded, meter.patchesDecoded, meter.patchDecodeUs.count], [1, 2, 2]);
    // Bytes after the one-byte protocol code.
    assert.equal(meter.stateBytesDecoded, full.byteLength - 1 + 2 * (patch.byteLength - 1));
    assert.ok(meter.decodeMs > 0 && meter.decodeMs < 1000, `${meter.decodeMs} ms`);
    // The per-patch histogram holds µs: its sum is the patches' share of the total, in µs.
    assert.ok(meter.patchDecodeUs.mean * 2 <= meter.decodeMs * 1000 + 1e-6);
  });
});
