// Two server processes on one Redis behind nginx running ops/nginx/skirmish.conf (rendered
// exactly as operators render it), with TLS from a self-signed certificate made here: every
// client reaches everything through one public origin, https://127.0.0.1:<proxy port>.
//
// Trust: the SDK clients run in a child process (test/helpers/sdkAgent.ts) started with
// NODE_EXTRA_CA_CERTS=<the test certificate>; the raw requests made here pass it as `ca`.
// Certificate checks are never switched off for Node. Chromium is told to ignore certificate
// errors (DevTools' Security.setIgnoreCertificateErrors, the equivalent of
// --ignore-certificate-errors) because the certificate is a throwaway self-signed one.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOM_NAME } from "../../shared/protocol.ts";
import { launchBrowser, requireBrowser } from "../e2e/browser.ts";
import { freePort, type ChildServer } from "../helpers/childServer.ts";
import { requireRedis, startProcesses, startRedis, type RedisServer } from "../helpers/cluster.ts";
import { httpsRequest, requireProxy, startProxy, startSdkAgent, wsHandshakeStatus, type SdkAgent, type TestProxy } from "../helpers/proxy.ts";

/** Per process and per client address; the test clients on 127.0.0.1 stay well under it. */
const JOIN_LIMIT = 20;
const CLIENT_DIR = path.resolve("dist/client");

describe("behind nginx (TLS, one public origin, two processes on one Redis)", function () {
  this.timeout(90_000);
  let redis: RedisServer | undefined;
  let servers: ChildServer[] = [];
  let proxy: TestProxy | undefined;
  let agent: SdkAgent | undefined;
  let origin = "";
  const handles: string[] = [];

  /** /health of process n (1-based) through nginx's /p/<n>/ route. */
  const healthVia = async (n: number) => JSON.parse((await httpsRequest(`${origin}/p/${n}/health`, { ca: proxy!.ca })).body) as { rooms: number; clients: number };
  /** /health straight from process n, bypassing nginx. */
  const healthDirect = async (n: number) => (await fetch(`${servers[n - 1].httpUrl}/health`)).json() as Promise<{ rooms: number; clients: number }>;
  /** Which process (1-based) holds the one arena room of a test, by asking each process directly. */
  async function processHolding(): Promise<number> {
    // The rooms of the previous test may take a moment to be disposed once left.
    const deadline = Date.now() + 5000;
    for (;;) {
      const rooms = await Promise.all([1, 2].map(async (n) => (await healthDirect(n)).rooms));
      const holders = [1, 2].filter((n) => rooms[n - 1] > 0);
      if (holders.length === 1 && rooms[holders[0] - 1] === 1) return holders[0];
      if (Date.now() > deadline) assert.fail(`expected one room on one process, /health says ${rooms.join(" and ")}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const track = <T extends { handle: string }>(room: T) => { handles.push(room.handle); return room; };
  const accessLog = () => readFileSync(path.join(proxy!.dir, "access.log"), "utf8");

  before(async function () {
    requireRedis(this, "the reverse proxy test");
    requireProxy(this, "the reverse proxy test");
    const proxyPort = await freePort();
    origin = `https://127.0.0.1:${proxyPort}`;
    redis = await startRedis();
    servers = await startProcesses(redis.url, 2, {
      TRUSTED_PROXY_HOPS: "1",
      // Production: pages on localhost are not waved through, so the page's origin is allowed
      // only because nginx passes the Host the browser sent.
      NODE_ENV: "production",
      MAX_JOINS_PER_IP_PER_MINUTE: String(JOIN_LIMIT),
      CLIENT_DIR,
    }, { publicAddress: (i) => `127.0.0.1:${proxyPort}/p/${i + 1}` });
    proxy = await startProxy(proxyPort, servers.map((s) => `127.0.0.1:${s.port}`));
    agent = await startSdkAgent({ NODE_EXTRA_CA_CERTS: proxy.certificatePath });
  });

  afterEach(async () => {
    await Promise.allSettled(handles.splice(0).map((h) => agent!.leave(h)));
  });

  after(async () => {
    await agent?.stop();
    await proxy?.stop();
    for (const s of servers) s.kill();
    redis?.stop();
  });

  it("serves the page and routes /p/<n>/ to process n", async () => {
    const page = await httpsRequest(`${origin}/`, { ca: proxy!.ca });
    assert.equal(page.status, 200);
    assert.match(page.body, /<html/i);
    // Routing: a room opened on one process shows in that process's /health, through /p/<n>/ and directly.
    const a = track(await agent!.join(`${origin}/p/1`, "create", ROOM_NAME, { name: "Router" }));
    const holder = await processHolding();
    for (const n of [1, 2]) assert.equal((await healthVia(n)).rooms, n === holder ? 1 : 0, `/p/${n}/health is process ${n}'s`);
    assert.ok(a.url.startsWith(`wss://127.0.0.1:${proxy!.port}/p/${holder}/`), a.url);
  });

  it("quick play over https/wss: a player whose matchmaking hits the other process lands in the same room", async () => {
    const alice = track(await agent!.join(`${origin}/p/1`, "joinOrCreate", ROOM_NAME, { name: "Alice" }));
    const holder = await processHolding();
    const other = holder === 1 ? 2 : 1;
    // Bob's matchmaking request goes to the process that does NOT hold the room.
    const bob = track(await agent!.join(`${origin}/p/${other}`, "joinOrCreate", ROOM_NAME, { name: "Bob" }));
    assert.equal(bob.roomId, alice.roomId, "Redis found the room on the other process");
    const wsBase = `wss://127.0.0.1:${proxy!.port}/p/${holder}/`;
    assert.ok(bob.url.startsWith(wsBase), `Bob's WebSocket goes to the holder through the proxy: ${bob.url}`);
    assert.ok(alice.url.startsWith(wsBase), alice.url);
    // And a third through the public origin itself (any process).
    const carol = track(await agent!.join(origin, "joinOrCreate", ROOM_NAME, { name: "Carol" }));
    assert.equal(carol.roomId, alice.roomId);
    for (const p of [alice, bob, carol]) assert.deepEqual(await agent!.players(p.handle, 3), ["Alice", "Bob", "Carol"]);
    await processHolding(); // still one room, on the same process
    assert.equal((await healthDirect(holder)).clients, 3);
    // nginx's own log: Bob's matchmaking went to the other process's route.
    assert.match(accessLog(), new RegExp(`"POST /p/${other}/matchmake/joinOrCreate/${ROOM_NAME} HTTP/1.1" 200`));
  });

  it("a private code made through one process joins from the other", async () => {
    const host = track(await agent!.join(`${origin}/p/1`, "create", ROOM_NAME, { name: "Host", private: true }));
    const holder = await processHolding();
    const friend = track(await agent!.join(`${origin}/p/${holder === 1 ? 2 : 1}`, "joinById", host.roomId, { name: "Friend" }));
    assert.equal(friend.roomId, host.roomId);
    assert.ok(friend.url.includes(`/p/${holder}/`), friend.url);
    assert.deepEqual(await agent!.players(friend.handle, 2), ["Friend", "Host"]);
    await assert.rejects(agent!.join(origin, "joinById", "QQQQQ", { name: "Lost" }), /not found|QQQQQ/i);
  });

  it("reconnects through the proxy: by itself on the same route, and by token through the other process", async () => {
    const alice = track(await agent!.join(origin, "create", ROOM_NAME, { name: "Alice", private: true }));
    const bob = track(await agent!.join(origin, "joinById", alice.roomId, { name: "Bob" }));
    await agent!.players(bob.handle, 2);
    const holder = await processHolding();

    const back = await agent!.drop(alice.handle);
    assert.equal(back.sessionId, alice.sessionId);
    assert.ok(back.url.includes(`/p/${holder}/`), back.url);
    assert.deepEqual(await agent!.players(bob.handle, 2), ["Alice", "Bob"]);

    const { reconnectionToken } = await agent!.abandon(alice.handle);
    handles.splice(handles.indexOf(alice.handle), 1);
    await agent!.players(bob.handle, 1); // Alice held as disconnected
    const again = track(await agent!.reconnect(`${origin}/p/${holder === 1 ? 2 : 1}`, reconnectionToken));
    assert.equal(again.sessionId, alice.sessionId);
    assert.equal(again.roomId, alice.roomId);
    assert.ok(again.url.includes(`/p/${holder}/`), again.url);
    assert.deepEqual(await agent!.players(bob.handle, 2), ["Alice", "Bob"]);
  });

  it("allows the public origin and refuses a foreign one (403) through the proxy", async () => {
    const body = JSON.stringify({ name: "Page" });
    const url = `${origin}/matchmake/joinOrCreate/${ROOM_NAME}`;
    const foreign = await httpsRequest(url, { ca: proxy!.ca, method: "POST", body, headers: { origin: "https://evil.example" } });
    assert.equal(foreign.status, 403, foreign.body);
    const own = await httpsRequest(url, { ca: proxy!.ca, method: "POST", body, headers: { origin } });
    assert.equal(own.status, 200, own.body);
    const seat = JSON.parse(own.body) as { roomId: string; processId: string; sessionId: string; publicAddress: string };
    assert.match(seat.publicAddress, new RegExp(`^127\\.0\\.0\\.1:${proxy!.port}/p/[12]$`));
    const ws = `wss://${seat.publicAddress}/${seat.processId}/${seat.roomId}?sessionId=${seat.sessionId}`;
    assert.equal(await wsHandshakeStatus(ws, { ca: proxy!.ca, headers: { origin: "https://evil.example" } }), 403);
    assert.equal(await wsHandshakeStatus(ws, { ca: proxy!.ca, headers: { origin } }), 101);
  });

  it("limits joins per client address as nginx sees it; a client-written X-Forwarded-For buys no new budget", async () => {
    // Every client on this machine reaches nginx from 127.0.0.1 unless it binds another loopback
    // address: 127.0.0.2 and 127.0.0.3 are two clients nginx tells apart (its $remote_addr).
    // Joining a room type that does not exist still counts: the limit is checked first.
    const join = (from: string, headers: Record<string, string> = {}) =>
      httpsRequest(`${origin}/p/1/matchmake/join/no_such_room`, { ca: proxy!.ca, method: "POST", body: "{}", localAddress: from, headers });
    for (let i = 0; i < JOIN_LIMIT; i++) {
      const answer = await join("127.0.0.2", { "x-forwarded-for": `198.51.100.${i}` });
      assert.notEqual(answer.status, 429, `request ${i + 1} of ${JOIN_LIMIT} is within the budget`);
      assert.match(answer.body, /no_such_room.*not defined/, `answered by the server (not a proxy error): ${answer.status} ${answer.body}`);
    }
    const over = await join("127.0.0.2");
    assert.equal(over.status, 429, over.body);
    assert.ok(Number(over.headers["retry-after"]) >= 1);
    const forged = await join("127.0.0.2", { "x-forwarded-for": "203.0.113.7" });
    assert.equal(forged.status, 429, "a forged X-Forwarded-For from the same client is still that client");
    const neighbour = await join("127.0.0.3");
    assert.notEqual(neighbour.status, 429, "another client address has its own budget");
  });

  it("a browser page on the public origin plays through the proxy", async function () {
    requireBrowser(this);
    assert.ok(existsSync(path.join(CLIENT_DIR, "index.html")), `${CLIENT_DIR} is not built: run npm run build`);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      // The test certificate is self-signed: this browser ignores certificate errors.
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send("Security.setIgnoreCertificateErrors", { ignore: true });
      const sockets: string[] = [];
      page.on("websocket", (ws) => sockets.push(ws.url()));
      await page.goto(`${origin}/`);
      await page.locator("#name").fill("Browser");
      await page.locator("#play").click();
      await page.waitForFunction(() => window.__skirmish?.connected === true, null, { timeout: 30_000 });
      const roomId = await page.evaluate(() => window.__skirmish?.roomId ?? null);
      assert.ok(roomId);
      await page.waitForFunction(() => Object.values(window.__skirmish?.state()?.players ?? {}).some((p) => p.name === "Browser"), null, { timeout: 15_000 })
        .catch((error: Error) => { throw new Error(`${error.message}; page errors: ${browser.pageErrors.join(" | ") || "none"}`); });
      const gameSocket = sockets.find((url) => url.includes(`/${roomId}?`));
      assert.ok(gameSocket, `a WebSocket to the room: ${sockets.join(", ")}`);
      assert.match(gameSocket, new RegExp(`^wss://127\\.0\\.0\\.1:${proxy!.port}/p/[12]/`));
      assert.deepEqual(browser.pageErrors, []);
    } finally {
      await browser.close();
    }
  });
});
