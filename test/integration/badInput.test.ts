import assert from "node:assert/strict";
import { Protocol } from "@colyseus/core";
import { TICK_HZ } from "../../shared/constants.ts";
import { CloseCode, encodeInputFrames, MAX_PROTOCOL_VIOLATIONS, MessageType, type WireInput } from "../../shared/protocol.ts";
import { roomInputs } from "../../client/src/net/roomLink.ts";
import { RawClient, reserveSeat } from "../helpers/rawClient.ts";
import { readMetric, startTestServer, waitForState, type TestServer } from "../helpers/server.ts";

const MAX_PAYLOAD = 1024;

const metric = readMetric;

/** An INPUTS frame carrying one input, as a client sends it. */
const inputBytes = (frame: Partial<WireInput>) => {
  const payload = new Uint8Array(16);
  const length = encodeInputFrames([{ mx: 0, my: 0, aim: 0, buttons: 0, view: 0, ...frame }], 1, payload);
  return [Protocol.ROOM_DATA_BYTES, MessageType.INPUTS, ...payload.subarray(0, length)];
};

describe("bad input never hurts the room or the honest players", function () {
  this.timeout(30_000);
  let t: TestServer;
  const quiet = { error: console.error, warn: console.warn };

  before(async () => {
    t = await startTestServer({ maxPayloadBytes: MAX_PAYLOAD });
    // Colyseus reports refused handshakes on the console; keep the test output readable.
    console.error = console.warn = () => {};
  });
  after(async () => {
    Object.assign(console, quiet);
    await t.close();
  });

  it("closes, ignores or counts every kind of abuse while two honest players keep playing", async () => {
    const alice = await t.join({ name: "Alice" });
    const bob = await t.join({ name: "Bob" });
    await waitForState(bob, (s) => s.players.size === 2);
    const input = roomInputs(alice);
    let dir = 1;
    const driver = setInterval(() => { input.data.mx = dir; input.send(); }, 1000 / TICK_HZ);
    try {
      const errorsBefore = await metric(t, "skirmish_room_errors_total");

      // 1. Sending before the join handshake is acknowledged, then garbage and unknown protocol codes.
      const early = await RawClient.connect(t.wsUrl, await reserveSeat(t.httpUrl, { name: "early" }));
      early.send(inputBytes({ mx: 1 }));
      early.send([0xff, 0x00, 0x13]);
      early.send([Protocol.ROOM_INPUT_RELIABLE, 0xff, 0xff, 0xff, 0xff]);
      await early.join();
      early.send([31, 1, 2, 3]);
      early.send([Protocol.ROOM_INPUT_RELIABLE, 0x80, 0x00]);

      // 2. Input frames whose bytes cannot be an honest frame (an axis of +2, an unused flag,
      //    a frame cut short) are refused and counted; NaN and out-of-range values cannot even
      //    be written: the encoding only has −1/0/1, two known buttons and an aim on a grid.
      const refusedBefore = await metric(t, "skirmish_protocol_violations_total");
      early.send([Protocol.ROOM_DATA_BYTES, MessageType.INPUTS, 1, 3, 0, 0]);
      early.send([Protocol.ROOM_DATA_BYTES, MessageType.INPUTS, 1, 0x85, 0, 0]);
      early.send([Protocol.ROOM_DATA_BYTES, MessageType.INPUTS, 2, 5, 0, 0]);
      early.send(inputBytes({ mx: 100, my: -100, aim: NaN, buttons: 255 })); // encodes as a legal frame
      await waitForState(bob, () => false, 300).catch(() => {});
      assert.equal(await metric(t, "skirmish_protocol_violations_total"), refusedBefore + 3, "malformed input frames are refused and counted");

      // 3. Unknown message types: ignored and counted, then the client is closed with a clear code.
      const flooder = await RawClient.connect(t.wsUrl, await reserveSeat(t.httpUrl, { name: "unknown" }));
      await flooder.join();
      for (let i = 0; i <= MAX_PROTOCOL_VIOLATIONS; i++) flooder.send([Protocol.ROOM_DATA, 99]);
      assert.equal((await flooder.closed).code, CloseCode.PROTOCOL_VIOLATION);

      // 4. A malformed payload for a known message: dropped and counted like any bad frame,
      //    and the client is closed once it has sent too many.
      const violationsBefore = await metric(t, "skirmish_protocol_violations_total");
      const malformed = await RawClient.connect(t.wsUrl, await reserveSeat(t.httpUrl, { name: "malformed" }));
      await malformed.join();
      malformed.send([Protocol.ROOM_DATA, MessageType.ECHO, 0x92, 0x01]); // msgpack array cut short
      malformed.send([Protocol.ROOM_DATA, MessageType.ECHO]); // a payload for a message that needs one
      await waitForState(bob, () => false, 200).catch(() => {});
      assert.equal(await metric(t, "skirmish_protocol_violations_total"), violationsBefore + 2);
      assert.equal(malformed.ws.readyState, malformed.ws.OPEN, "a few bad messages are not yet a reason to close");
      for (let i = 0; i < MAX_PROTOCOL_VIOLATIONS; i++) malformed.send([Protocol.ROOM_DATA, MessageType.ECHO, 0xc1]);
      assert.equal((await malformed.closed).code, CloseCode.PROTOCOL_VIOLATION);

      // 5. An oversized frame: refused by the transport with 1009 (message too big).
      const oversized = await RawClient.connect(t.wsUrl, await reserveSeat(t.httpUrl, { name: "big" }));
      await oversized.join();
      oversized.send(new Uint8Array(MAX_PAYLOAD + 1));
      assert.equal((await oversized.closed).code, 1009);

      // The honest players noticed nothing: still in the room, still moving, no room errors.
      // (Alice's own state: walking, she may leave Bob's view, where he no longer gets her position.)
      const before = alice.state.players.get(alice.sessionId)!.x;
      dir = before > alice.state.arenaSize / 2 ? -1 : 1;
      await waitForState(alice, (s) => Math.abs(s.players.get(alice.sessionId)!.x - before) > 20, 5000, "Alice still moving");
      const tick = bob.state.tick;
      await waitForState(bob, (s) => s.tick > tick, 5000, "Bob still patched");
      assert.ok(alice.connection.isOpen && bob.connection.isOpen);
      assert.equal(await metric(t, "skirmish_room_errors_total"), errorsBefore);
      early.close();
    } finally {
      clearInterval(driver);
    }
  });

  it("rejects invalid join options with a clear error", async () => {
    const client = t.client();
    await assert.rejects(client.joinOrCreate("arena", { name: 12345 }), /invalid join options: bad_name/);
    await assert.rejects(client.joinOrCreate("arena", { mode: "nope" }), /invalid join options: bad_mode|bad_mode/);
  });
});
