import assert from "node:assert/strict";
import http from "node:http";
import type net from "node:net";
import { WebSocket as NodeWebSocket, WebSocketServer } from "ws";
import {
  createLaggedWebSocketClass, describeSimulatedLatency, formatSimulatedLatency, installSimulatedLatency, parseLatencyParams,
} from "../../../client/src/net/simulatedLatency.ts";
import { symmetricProfile } from "../../../shared/delayLine.ts";
import { createRng } from "../../../shared/sim/random.ts";
import { manualClock } from "../../helpers/manualClock.ts";

/** Stands in for the browser's WebSocket: records what is sent, and lets the test play the server. */
class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static last: FakeSocket;
  readyState = 0;
  binaryType: BinaryType = "blob";
  bufferedAmount = 0;
  protocol = "";
  extensions = "";
  sent: unknown[] = [];
  closedWith: unknown[] | null = null;
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: Partial<MessageEvent>) => void) | null = null;
  onclose: ((e: Partial<CloseEvent>) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;

  constructor(readonly url: string, protocols?: unknown) {
    if (typeof protocols === "object" && protocols !== null && !Array.isArray(protocols)) throw new SyntaxError("bad protocols");
    FakeSocket.last = this;
  }
  send(data: unknown) { this.sent.push(data); }
  close(code?: number, reason?: string) { this.closedWith = [code, reason]; this.readyState = 2; }

  serverOpens() { this.readyState = 1; this.protocol = "p1"; this.onopen?.(new Event("open")); }
  serverSends(data: unknown) { this.onmessage?.({ data, origin: "ws://x", lastEventId: "" }); }
  serverCloses(code = 1000, reason = "bye") { this.readyState = 3; this.onclose?.({ code, reason, wasClean: true }); }
}

function laggedFake(profile = { meanMs: 50, jitterMs: 0 }) {
  const { clock, advance } = manualClock();
  const Lagged = createLaggedWebSocketClass(FakeSocket as unknown as typeof WebSocket, { up: profile, down: profile }, createRng(11).next, clock);
  return { Lagged, advance };
}

describe("simulated latency: parameters", () => {
  it("reads ?lag= and ?jitter=, and ignores what is absent or invalid", () => {
    assert.deepEqual(parseLatencyParams("?lag=150&jitter=30"), { rttMs: 150, jitterMs: 30 });
    assert.deepEqual(parseLatencyParams("?name=a&lag=80"), { rttMs: 80, jitterMs: 0 });
    assert.deepEqual(parseLatencyParams("lag=12.5&jitter=0"), { rttMs: 12.5, jitterMs: 0 });
    assert.deepEqual(parseLatencyParams("?lag=5000&jitter=5000"), { rttMs: 5000, jitterMs: 5000 });
    for (const search of ["", "?", "?jitter=30", "?lag=abc", "?lag=", "?lag=-5", "?lag=5001", "?lag=100&jitter=-1",
      "?lag=100&jitter=NaN", "?lag=Infinity", "?lag=100&jitter="]) {
      assert.equal(parseLatencyParams(search), null, search);
    }
  });

  it("formats for display", () => {
    assert.equal(formatSimulatedLatency({ rttMs: 150, jitterMs: 30 }), "+150 ms ±30");
    assert.equal(formatSimulatedLatency({ rttMs: 80, jitterMs: 0 }), "+80 ms");
    assert.equal(describeSimulatedLatency(), null, "nothing is simulated in Node, where there is no page location");
  });

  it("installs only when asked, and warns once about parameters it ignores", () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    const Real = FakeSocket as unknown as typeof WebSocket;

    const untouched = { location: { search: "?name=x" }, WebSocket: Real };
    assert.equal(installSimulatedLatency(untouched, warn), null);
    assert.equal(untouched.WebSocket, Real);
    assert.deepEqual(warnings, []);

    const invalid = { location: { search: "?lag=-3&jitter=zz" }, WebSocket: Real };
    assert.equal(installSimulatedLatency(invalid, warn), null);
    assert.equal(invalid.WebSocket, Real);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /lag=-3&jitter=zz/);

    const lagged = { location: { search: "?lag=150&jitter=30" }, WebSocket: Real };
    assert.deepEqual(installSimulatedLatency(lagged, warn), { rttMs: 150, jitterMs: 30 });
    assert.notEqual(lagged.WebSocket, Real);
    assert.equal(lagged.WebSocket.OPEN, 1);
    assert.equal(warnings.length, 1);
  });
});

describe("simulated latency: the lagged WebSocket", () => {
  it("forwards the constructor's arguments, so it throws where the real one does", () => {
    const { Lagged } = laggedFake();
    assert.throws(() => new Lagged("ws://x", { headers: {} } as unknown as string[]), SyntaxError);
    const socket = new Lagged("ws://x/room", ["p1"]);
    assert.equal(socket.url, "ws://x/room");
    assert.deepEqual([Lagged.CONNECTING, Lagged.OPEN, Lagged.CLOSING, Lagged.CLOSED], [0, 1, 2, 3]);
    assert.deepEqual([socket.CONNECTING, socket.OPEN, socket.CLOSING, socket.CLOSED], [0, 1, 2, 3]);
    socket.binaryType = "arraybuffer";
    assert.equal(FakeSocket.last.binaryType, "arraybuffer");
  });

  it("reports OPEN only once the delayed open arrives, and CLOSED once the delayed close does", () => {
    const { Lagged, advance } = laggedFake();
    const socket = new Lagged("ws://x");
    const inner = FakeSocket.last;
    const seen: string[] = [];
    socket.onopen = () => seen.push(`open:${socket.readyState}`);
    socket.onclose = (e) => seen.push(`close:${(e as CloseEvent).code}:${(e as CloseEvent).reason}:${socket.readyState}`);

    inner.serverOpens();
    assert.equal(socket.readyState, Lagged.CONNECTING);
    assert.throws(() => socket.send("too early"), (e: DOMException) => e.name === "InvalidStateError");
    advance(49);
    assert.equal(socket.readyState, Lagged.CONNECTING);
    advance(1);
    assert.equal(socket.readyState, Lagged.OPEN);
    assert.equal(socket.protocol, "p1");

    inner.serverCloses(4001, "kicked");
    assert.equal(socket.readyState, Lagged.OPEN, "the close has not reached the page yet");
    advance(50);
    assert.equal(socket.readyState, Lagged.CLOSED);
    assert.deepEqual(seen, ["open:1", "close:4001:kicked:3"]);
  });

  it("delays sends, keeps them in order, and copies buffers the caller reuses", () => {
    const { Lagged, advance } = laggedFake({ meanMs: 30, jitterMs: 25 });
    const socket = new Lagged("ws://x");
    const inner = FakeSocket.last;
    inner.serverOpens();
    advance(60);
    const shared = new Uint8Array(8);
    for (let i = 0; i < 40; i++) {
      shared[0] = i;
      socket.send(shared.subarray(0, 1));
      advance(1);
    }
    assert.ok(inner.sent.length < 40, "sends were not delayed");
    assert.ok(socket.bufferedAmount > 0);
    advance(100);
    assert.deepEqual(inner.sent.map((d) => (d as Uint8Array)[0]), Array.from({ length: 40 }, (_, i) => i));
    assert.equal(socket.bufferedAmount, 0);
  });

  it("delivers messages in order to onmessage and to listeners alike", () => {
    const { Lagged, advance } = laggedFake({ meanMs: 20, jitterMs: 18 });
    const socket = new Lagged("ws://x");
    const inner = FakeSocket.last;
    const viaProperty: unknown[] = [];
    const viaListener: unknown[] = [];
    socket.onmessage = (e) => viaProperty.push((e as MessageEvent).data);
    const listener = (e: Event) => viaListener.push((e as MessageEvent).data);
    socket.addEventListener("message", listener);
    inner.serverOpens();
    for (let i = 0; i < 30; i++) { inner.serverSends(i); advance(1); }
    assert.ok(viaProperty.length < 30, "messages were not delayed");
    advance(100);
    const expected = Array.from({ length: 30 }, (_, i) => i);
    assert.deepEqual(viaProperty, expected);
    assert.deepEqual(viaListener, expected);

    socket.removeEventListener("message", listener);
    inner.serverSends("after");
    advance(100);
    assert.equal(viaProperty.at(-1), "after");
    assert.equal(viaListener.length, 30);
  });

  it("close() reaches the real socket at once, and what was still on its way is dropped", () => {
    const { Lagged, advance } = laggedFake();
    const socket = new Lagged("ws://x");
    const inner = FakeSocket.last;
    inner.serverOpens();
    advance(50);
    socket.send("in flight");
    socket.close(4000, "done");
    assert.deepEqual(inner.closedWith, [4000, "done"]);
    assert.equal(socket.readyState, Lagged.CLOSING);
    socket.send("after close"); // discarded, like a real closing socket
    advance(100);
    assert.deepEqual(inner.sent, []);
    inner.serverCloses(4000, "done");
    advance(50);
    assert.equal(socket.readyState, Lagged.CLOSED);
  });

  it("delivers error and close in the order they happened", () => {
    const { Lagged, advance } = laggedFake({ meanMs: 10, jitterMs: 9 });
    const socket = new Lagged("ws://x");
    const inner = FakeSocket.last;
    const seen: string[] = [];
    for (const type of ["open", "error", "close"]) socket.addEventListener(type, () => seen.push(type));
    inner.onerror?.(new Event("error"));
    inner.serverCloses(1006, "");
    advance(30);
    assert.deepEqual(seen, ["error", "close"]);
  });

  it("adds the round trip on a real socket (ws against a local echo server)", async () => {
    const server = http.createServer();
    const wss = new WebSocketServer({ server });
    wss.on("connection", (s) => s.on("message", (data, isBinary) => s.send(data, { binary: isBinary })));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    const Lagged = createLaggedWebSocketClass(NodeWebSocket as unknown as typeof WebSocket, symmetricProfile(100, 0));
    const socket = new Lagged(`ws://127.0.0.1:${port}`);
    try {
      socket.binaryType = "arraybuffer";
      await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
      const sentAt = performance.now();
      const echoed = new Promise<MessageEvent>((resolve) => socket.addEventListener("message", (e) => resolve(e as MessageEvent), { once: true }));
      socket.send(new Uint8Array([1, 2, 3]));
      const reply = await echoed;
      const roundTrip = performance.now() - sentAt;
      assert.deepEqual([...new Uint8Array(reply.data as ArrayBuffer)], [1, 2, 3]);
      assert.ok(roundTrip >= 100 && roundTrip < 500, `round trip ${roundTrip.toFixed(1)} ms`);
      const closed = new Promise<CloseEvent>((resolve) => { socket.onclose = (e) => resolve(e as CloseEvent); });
      socket.close(1000, "bye");
      assert.equal((await closed).code, 1000);
      assert.equal(socket.readyState, Lagged.CLOSED);
    } finally {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
