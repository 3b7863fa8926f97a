import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import { startLatencyRelay, symmetricProfile, type LatencyRelay } from "../../loadbots/latencyRelay.ts";

/** node:http answering GET /hello, with a ws echo on the same port. */
async function startEchoServer() {
  const server = http.createServer((req, res) => {
    res.setHeader("content-type", "text/plain");
    res.end(req.url === "/hello" ? "hello through the relay" : "other");
  });
  const wss = new WebSocketServer({ server });
  wss.on("connection", (socket) => socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary })));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function openSocket(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => { socket.once("open", resolve); socket.once("error", reject); });
  return socket;
}

describe("latency relay", () => {
  let echo: Awaited<ReturnType<typeof startEchoServer>>;
  let relay: LatencyRelay;
  const sockets: WebSocket[] = [];

  before(async () => {
    echo = await startEchoServer();
    relay = await startLatencyRelay({ targetPort: echo.port, ...symmetricProfile(40, 10), seed: 7 });
  });
  after(async () => {
    for (const socket of sockets) socket.terminate();
    await relay?.close();
    await echo?.close();
  });

  it("relays HTTP requests, including a response the server closes right after", async () => {
    const response = await fetch(`${relay.httpUrl}/hello`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "hello through the relay");

    // The server's FIN arrives at the relay before the delayed response is delivered: it must not cut it off.
    const body = await new Promise<string>((resolve, reject) => {
      http.get(`${relay.httpUrl}/hello`, { agent: false, headers: { connection: "close" } }, (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (chunk: string) => { text += chunk; }).on("end", () => resolve(text)).on("error", reject);
      }).on("error", reject);
    });
    assert.equal(body, "hello through the relay");
  });

  it("keeps WebSocket messages in order when the jitter is larger than the gap between sends", async () => {
    const socket = await openSocket(relay.wsUrl);
    sockets.push(socket);
    const received: number[] = [];
    const all = new Promise<void>((resolve) => socket.on("message", (data) => {
      received.push(Number(String(data)));
      if (received.length === 50) resolve();
    }));
    // ±10 ms per direction against sends 1 ms apart: without ordering, many would overtake.
    for (let i = 0; i < 50; i++) {
      socket.send(String(i));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await all;
    assert.deepEqual(received, Array.from({ length: 50 }, (_, i) => i));
    const stats = relay.stats();
    assert.ok(stats.connections >= 1 && stats.openConnections >= 1, JSON.stringify(stats));
    assert.ok(stats.bytesUp > 0 && stats.bytesDown > 0, JSON.stringify(stats));
  });

  it("adds the configured round trip to a WebSocket echo", async () => {
    relay.setProfile(symmetricProfile(100, 0).up, symmetricProfile(100, 0).down);
    const socket = await openSocket(relay.wsUrl);
    sockets.push(socket);
    const roundTrips: number[] = [];
    for (let i = 0; i < 3; i++) {
      const sentAt = performance.now();
      const echoed = new Promise((resolve) => socket.once("message", resolve));
      socket.send(`ping ${i}`);
      await echoed;
      roundTrips.push(performance.now() - sentAt);
    }
    for (const rtt of roundTrips) assert.ok(rtt >= 100 && rtt < 500, `round trip ${rtt.toFixed(1)} ms`);
  });

  it("closing the relay closes the connections going through it", async () => {
    const other = await startLatencyRelay({ targetPort: echo.port, up: { meanMs: 5, jitterMs: 0 }, down: { meanMs: 5, jitterMs: 0 } });
    const socket = await openSocket(other.wsUrl);
    sockets.push(socket);
    const closed = new Promise((resolve) => socket.once("close", resolve));
    assert.equal(other.stats().openConnections, 1);
    await other.close();
    await closed;
    assert.equal(other.stats().openConnections, 0);
  });
});
