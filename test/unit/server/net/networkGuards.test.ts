import assert from "node:assert/strict";
import type http from "node:http";
import { NetworkGuards, MATCHMAKE_BODY_MAX_BYTES, type NetworkLimits } from "../../../../server/net/NetworkGuards.ts";
import { ServerMetrics } from "../../../../server/metrics.ts";

const LIMITS: NetworkLimits = {
  origins: { allowed: [], allowLocalhost: false },
  trustedProxyHops: 0,
  maxConnectionsPerIp: 2,
  maxJoinsPerIpPerMinute: 3,
};

/** The parts of an IncomingMessage the guards read. */
function request(over: { method?: string; url?: string; headers?: http.IncomingHttpHeaders; peer?: string } = {}): http.IncomingMessage {
  return {
    method: over.method ?? "POST",
    url: over.url ?? "/matchmake/joinOrCreate/arena",
    headers: { host: "game.example.com", "content-length": "20", ...over.headers },
    socket: { remoteAddress: over.peer ?? "203.0.113.1" },
  } as unknown as http.IncomingMessage;
}

describe("NetworkGuards.checkRequest (matchmaking)", () => {
  it("leaves everything but matchmaking POSTs alone", () => {
    const guards = new NetworkGuards(LIMITS, new ServerMetrics(), () => 0);
    assert.equal(guards.checkRequest(request({ method: "GET", url: "/health", headers: { origin: "https://evil.example" } })), null);
    assert.equal(guards.checkRequest(request({ method: "OPTIONS" })), null);
    assert.equal(guards.checkRequest(request({ url: "/other" })), null);
  });

  it("refuses foreign origins (403), unbounded or large bodies (411, 413) and too many joins (429)", () => {
    const guards = new NetworkGuards(LIMITS, new ServerMetrics(), () => 0);
    assert.equal(guards.checkRequest(request({ headers: { origin: "https://evil.example" } }))?.status, 403);
    assert.equal(guards.checkRequest(request({ headers: { "content-length": undefined, "transfer-encoding": "chunked" } }))?.status, 411);
    assert.equal(guards.checkRequest(request({ headers: { "content-length": String(MATCHMAKE_BODY_MAX_BYTES + 1) } }))?.status, 413);
    assert.equal(guards.checkRequest(request({ headers: { "content-length": "abc" } }))?.status, 413);
    for (let i = 0; i < LIMITS.maxJoinsPerIpPerMinute; i++) assert.equal(guards.checkRequest(request()), null);
    const refused = guards.checkRequest(request());
    assert.equal(refused?.status, 429);
    assert.equal(refused?.headers?.["retry-after"], "20");
    assert.equal(guards.checkRequest(request({ peer: "203.0.113.2" })), null, "another address has its own budget");
  });

  it("while draining, refuses new joins (503) but lets players reconnect to their room", () => {
    const guards = new NetworkGuards(LIMITS, new ServerMetrics(), () => 0);
    guards.draining = true;
    const refused = guards.checkRequest(request());
    assert.equal(refused?.status, 503);
    assert.equal(refused?.reason, "draining");
    assert.equal(guards.checkRequest(request({ url: "/matchmake/joinById/ABCDE" }))?.status, 503);
    assert.equal(guards.checkRequest(request({ url: "/matchmake/reconnect/ABCDE" })), null);
  });

  it("while the room directory (Redis) is unreachable, refuses matchmaking and room status probes at once (503), reconnections included", () => {
    const guards = new NetworkGuards(LIMITS, new ServerMetrics(), () => 0);
    let reachable = false;
    guards.directoryReachable = () => reachable;
    for (const url of ["/matchmake/joinOrCreate/arena", "/matchmake/reconnect/ABCDE"]) {
      const refused = guards.checkRequest(request({ url }));
      assert.deepEqual([refused?.status, refused?.reason, refused?.headers?.["retry-after"]], [503, "directory_unreachable", "5"]);
      assert.match(refused?.message ?? "", /room directory is unreachable.*try again/);
    }
    assert.equal(guards.checkRequest(request({ method: "GET", url: "/rooms/K7QXA" }))?.status, 503);
    assert.equal(guards.checkRequest(request({ method: "GET", url: "/health" })), null);
    reachable = true;
    assert.equal(guards.checkRequest(request({ peer: "203.0.113.9" })), null);
  });

  it("counts room status probes (GET /rooms/...) against the join budget: they could try room codes", () => {
    const guards = new NetworkGuards(LIMITS, new ServerMetrics(), () => 0);
    for (let i = 0; i < LIMITS.maxJoinsPerIpPerMinute; i++) assert.equal(guards.checkRequest(request({ method: "GET", url: "/rooms/K7QXA" })), null);
    assert.equal(guards.checkRequest(request({ method: "GET", url: "/rooms/K7QXA" }))?.status, 429);
    assert.equal(guards.checkRequest(request())?.status, 429, "one budget for joins and probes");
  });

  it("believes X-Forwarded-For only behind trusted proxies", () => {
    const direct = new NetworkGuards(LIMITS, new ServerMetrics(), () => 0);
    for (let i = 0; i < 10; i++) direct.checkRequest(request({ headers: { "x-forwarded-for": `198.51.100.${i}` } }));
    assert.equal(direct.checkRequest(request({ headers: { "x-forwarded-for": "198.51.100.99" } }))?.status, 429, "a forged header does not buy new budget");

    const proxied = new NetworkGuards({ ...LIMITS, trustedProxyHops: 1 }, new ServerMetrics(), () => 0);
    for (let i = 0; i < 10; i++) {
      assert.equal(proxied.checkRequest(request({ peer: "10.0.0.2", headers: { "x-forwarded-for": `198.51.100.${i}` } })), null);
    }
  });
});

describe("NetworkGuards.verifyClient (WebSocket handshakes)", () => {
  /** A handshake request whose socket can be closed by the test. */
  function handshake(origin?: string, peer = "203.0.113.1") {
    const listeners: (() => void)[] = [];
    const req = {
      headers: { host: "game.example.com", origin },
      socket: { remoteAddress: peer, once: (_event: string, listener: () => void) => listeners.push(listener) },
    } as unknown as http.IncomingMessage;
    return { info: { origin, req }, close: () => listeners.forEach((l) => l()) };
  }
  const verdict = (guards: NetworkGuards, h: ReturnType<typeof handshake>) => {
    let result: [boolean, number | undefined] = [false, undefined];
    guards.verifyClient(h.info, (ok, code) => { result = [ok, code]; });
    return result;
  };

  it("refuses foreign origins with 403 and a third connection from one address with 429 until one closes", () => {
    const guards = new NetworkGuards(LIMITS, new ServerMetrics());
    assert.deepEqual(verdict(guards, handshake("https://evil.example")), [false, 403]);
    const first = handshake("https://game.example.com");
    assert.deepEqual(verdict(guards, first), [true, undefined]);
    assert.deepEqual(verdict(guards, handshake()), [true, undefined]);
    assert.deepEqual(verdict(guards, handshake()), [false, 429]);
    first.close();
    assert.deepEqual(verdict(guards, handshake()), [true, undefined]);
  });
});
