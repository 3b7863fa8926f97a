// Hostile clients against a real server: foreign origins, too many connections and joins,
// oversized requests, too many rooms, garbage and floods, forged identity, and what the
// reconnection token is worth. Each test asserts the status or close code a client sees.
import assert from "node:assert/strict";
import http from "node:http";
import { matchMaker, Protocol, ProtocolModifier } from "@colyseus/core";
import type { WebSocket } from "ws";
import { ArenaState } from "../../shared/schema.ts";
import { CloseCode, LOBBY_ROOM_NAME, MAX_PROTOCOL_VIOLATIONS, MessageType, ROOM_NAME } from "../../shared/protocol.ts";
import { LOBBY_MESSAGE_LIMITS } from "../../server/net/GuardedLobbyRoom.ts";
import { MATCHMAKE_BODY_MAX_BYTES } from "../../server/net/NetworkGuards.ts";
import type { ArenaRoom } from "../../server/rooms/ArenaRoom.ts";
import { RawClient, reserveSeat, tryHandshake } from "../helpers/rawClient.ts";
import { readMetric, startTestServer, waitForState, type ArenaClientRoom, type TestServer } from "../helpers/server.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** POST to the matchmaker with chosen headers and body; resolves with the status, headers and body text. */
function matchmake(t: TestServer, options: { headers?: Record<string, string>; body?: string; chunked?: boolean } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const body = options.body ?? "{}";
    const req = http.request(`${t.httpUrl}/matchmake/joinOrCreate/${ROOM_NAME}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(options.chunked ? { "transfer-encoding": "chunked" } : { "content-length": Buffer.byteLength(body) }), ...options.headers },
    }, (res) => {
      let text = "";
      res.on("data", (chunk) => { text += chunk; });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Runs `body` with console.warn/error counted instead of printed. */
async function countConsoleNoise(body: () => Promise<void>): Promise<number> {
  const { warn, error } = console;
  let noise = 0;
  console.warn = console.error = () => { noise++; };
  try { await body(); } finally { Object.assign(console, { warn, error }); }
  return noise;
}

describe("hostile clients against a real server", function () {
  this.timeout(20_000);
  let t: TestServer;
  afterEach(async () => { await t?.close(); });

  it("refuses WebSocket handshakes and matchmaking from foreign origins, and lets the server's own pages, listed origins and Origin-less programs in", async () => {
    t = await startTestServer({ allowedOrigins: ["https://play.example.com"], allowLocalhostOrigins: false });
    const refusedBefore = await readMetric(t, 'skirmish_connections_refused_total{reason="origin"}');
    const url = `${t.wsUrl}/`;
    assert.deepEqual(await tryHandshake(url, { origin: "https://evil.example" }), { open: false, status: 403 });
    assert.deepEqual(await tryHandshake(url, { origin: "null" }), { open: false, status: 403 });
    assert.deepEqual(await tryHandshake(url, { origin: "http://localhost:5173" }), { open: false, status: 403 }, "no localhost outside development");
    for (const origin of [`http://127.0.0.1:${t.port}`, "https://play.example.com", undefined]) {
      const result = await tryHandshake(url, origin ? { origin } : {});
      assert.equal(result.open, true, `origin ${origin}`);
      if (result.open) result.ws.terminate();
    }
    assert.equal(await readMetric(t, 'skirmish_connections_refused_total{reason="origin"}'), refusedBefore + 3);

    assert.equal((await matchmake(t, { headers: { origin: "https://evil.example" } })).status, 403);
    assert.equal((await matchmake(t, { headers: { origin: "https://play.example.com" } })).status, 200);
    const room = await t.join({ name: "node" }); // the SDK in Node sends no Origin
    assert.ok(room.sessionId);
  });

  it("negotiates no compression, so a small frame cannot inflate into a large message", async () => {
    t = await startTestServer();
    const result = await tryHandshake(`${t.wsUrl}/`, { perMessageDeflate: true });
    assert.equal(result.open, true);
    if (result.open) {
      assert.equal(result.ws.extensions, "", "permessage-deflate was offered and declined");
      result.ws.terminate();
    }
  });

  it("in development, pages on localhost (the Vite dev server) may connect", async () => {
    t = await startTestServer({ allowLocalhostOrigins: true });
    const result = await tryHandshake(`${t.wsUrl}/`, { origin: "http://localhost:5173" });
    assert.equal(result.open, true);
    if (result.open) result.ws.terminate();
  });

  it("limits open connections per address (429 until one closes) and join attempts per minute (429 with Retry-After)", async () => {
    t = await startTestServer({ maxConnectionsPerIp: 3, maxJoinsPerIpPerMinute: 4 });
    const open: WebSocket[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await tryHandshake(`${t.wsUrl}/`);
      assert.equal(result.open, true);
      if (result.open) open.push(result.ws);
    }
    assert.deepEqual(await tryHandshake(`${t.wsUrl}/`), { open: false, status: 429 });
    const closed = new Promise((resolve) => open[0].once("close", resolve));
    open[0].terminate();
    await closed;
    await sleep(50); // the server sees the socket close
    const again = await tryHandshake(`${t.wsUrl}/`);
    assert.equal(again.open, true, "a slot frees up when a connection closes");
    for (const ws of [...open, ...(again.open ? [again.ws] : [])]) ws.terminate();

    for (let i = 0; i < 4; i++) assert.equal((await matchmake(t)).status, 200);
    const refused = await matchmake(t);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers["retry-after"]) >= 1);
    assert.match(refused.text, /too many join attempts/);
    await assert.rejects(t.client().joinOrCreate(ROOM_NAME, {}, ArenaState), /too many join attempts/);
    assert.ok(await readMetric(t, 'skirmish_matchmaking_refused_total{reason="join_rate"}') >= 2);
  });

  it("refuses oversized (413) and unbounded (411) matchmaking bodies without reading them", async () => {
    t = await startTestServer();
    const big = await matchmake(t, { body: JSON.stringify({ name: "x".repeat(MATCHMAKE_BODY_MAX_BYTES) }) });
    assert.equal(big.status, 413);
    assert.equal((await matchmake(t, { chunked: true })).status, 411);
    assert.equal((await matchmake(t, { body: JSON.stringify({ name: "ok" }) })).status, 200);
  });

  it("caps the rooms of a process with a clear error, and frees the slot when a room closes", async () => {
    t = await startTestServer({ maxRooms: 2 });
    const errorsBefore = await readMetric(t, "skirmish_room_errors_total");
    const c = t.client();
    const first = await c.create(ROOM_NAME, { name: "a" }, ArenaState);
    await c.create(ROOM_NAME, { name: "b", private: true }, ArenaState);
    await assert.rejects(c.create(ROOM_NAME, { name: "c" }, ArenaState), /server full: 2 rooms open \(MAX_ROOMS\)/);
    await assert.rejects(c.joinOrCreate(ROOM_NAME, { name: "d", mode: "teams" }, ArenaState), /server full/);
    assert.equal(await readMetric(t, "skirmish_room_errors_total"), errorsBefore, "a refusal is not a room error");
    await first.leave();
    const deadline = Date.now() + 5000;
    for (;;) {
      try { await c.create(ROOM_NAME, { name: "e" }, ArenaState); break; } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(100); // the empty room disposes
      }
    }
  });

  it("drops and counts garbage frames, then closes with 4400, and the decoders never log a line", async () => {
    t = await startTestServer();
    const observer = await t.join({ name: "observer" });
    const garbage = [
      [Protocol.ROOM_INPUT_RELIABLE, 0x84, 1], [Protocol.ROOM_DATA_BYTES, MessageType.INPUTS, 1, 3, 0, 0], [Protocol.ROOM_DATA_BYTES, MessageType.INPUTS, 0],
      [Protocol.ROOM_DATA_BYTES, MessageType.INPUTS, 2, 5, 0, 0], [Protocol.ROOM_DATA_BYTES, MessageType.CHAT, 1],
      [Protocol.ROOM_INPUT_RELIABLE | ProtocolModifier.TIMED, 1], [Protocol.ROOM_INPUT_UNRELIABLE, 5, 1, 2], [Protocol.ROOM_REQUEST, 1, 1, 0xc0],
      [Protocol.ROOM_DATA, 0xa4, 1], [Protocol.ROOM_DATA, 99], [Protocol.ROOM_DATA, MessageType.CHAT, 0xdd, 0xff, 0xff, 0xff, 0xff],
      [Protocol.JOIN_ROOM], [0], [31, 31, 31], [Protocol.PING, 1],
    ];
    const violationsBefore = await readMetric(t, "skirmish_protocol_violations_total");
    const errorsBefore = await readMetric(t, "skirmish_room_errors_total");
    let closed = { code: 0, reason: "" };
    const noise = await countConsoleNoise(async () => {
      const raw = await RawClient.connect(t.wsUrl, await reserveSeat(t.httpUrl, { name: "garbage" }));
      await raw.join();
      for (let i = 0; i <= MAX_PROTOCOL_VIOLATIONS; i++) raw.send(garbage[i % garbage.length]);
      closed = await raw.closed;
    });
    assert.equal(closed.code, CloseCode.PROTOCOL_VIOLATION);
    assert.equal(noise, 0, "not one console line for 21 malformed frames");
    assert.equal(await readMetric(t, "skirmish_protocol_violations_total"), violationsBefore + MAX_PROTOCOL_VIOLATIONS + 1);
    await waitForState(observer, (s) => s.players.size === 1, 3000, "the abuser's seat released at once");
    assert.equal(await readMetric(t, "skirmish_room_errors_total"), errorsBefore);
  });

  it("refuses the 3-byte unreliable-input frame that sends Colyseus's input decoder into an endless loop", async () => {
    // @colyseus/schema's InputDecoder.decodeAll reads a slot length of -1 from [0xff] and
    // walks backwards forever: one such frame would freeze every room of the process.
    t = await startTestServer();
    const honest = await t.join({ name: "honest" });
    const raw = await RawClient.connect(t.wsUrl, await reserveSeat(t.httpUrl, { name: "freezer" }));
    await raw.join();
    raw.send([Protocol.ROOM_INPUT_UNRELIABLE, 0x00, 0xff]);
    raw.send([Protocol.PING]);
    const from = honest.state.tick;
    await waitForState(honest, (s) => s.tick > from + 10, 2000, "the server still ticking");
    const health = await fetch(`${t.httpUrl}/health`);
    assert.equal(health.status, 200);
    assert.ok(raw.isOpen, "one bad frame is counted, not yet a reason to close");
    raw.close();
  });

  it("drops a flood, closes the flooder with 4429 and frees its seat at once; a client a little over budget is only trimmed", async () => {
    t = await startTestServer({ reconnectWindowSeconds: 20 });
    const observer = await t.join({ name: "observer" });
    const flooder = await RawClient.connect(t.wsUrl, await reserveSeat(t.httpUrl, { name: "flooder" }));
    await flooder.join();
    await waitForState(observer, (s) => s.players.size === 2, 3000, "flooder joined");
    for (let i = 0; i < 5000 && flooder.isOpen; i++) flooder.send([Protocol.ROOM_DATA, MessageType.ECHO, 0x81, 0xa1, 0x74, i & 0x7f]);
    assert.equal((await flooder.closed).code, CloseCode.FLOODING);
    await waitForState(observer, (s) => s.players.size === 1, 2000, "no reconnection window for a flooder");
    assert.ok(await readMetric(t, 'skirmish_clients_closed_total{reason="flood"}') >= 1); // per process: at least this one

    // 200 pings in one second against a budget of 80 a second with a burst of 80: trimmed, kept.
    const eager = await RawClient.connect(t.wsUrl, await reserveSeat(t.httpUrl, { name: "eager" }));
    await eager.join();
    const droppedBefore = await readMetric(t, "skirmish_messages_dropped_total");
    let sent = 0;
    const started = Date.now();
    while (Date.now() - started < 1000) {
      for (let i = 0; i < 2; i++, sent++) eager.send([Protocol.PING]);
      await sleep(10);
    }
    await sleep(200);
    assert.ok(eager.isOpen, "still connected");
    const pongs = eager.received.get(Protocol.PING) ?? 0;
    assert.ok(pongs < sent, `answered ${pongs} of ${sent}: the excess was dropped`);
    assert.ok(await readMetric(t, "skirmish_messages_dropped_total") > droppedBefore);
    eager.close();
  });

  it("holds lobby clients to the same rules: a filter is answered, garbage is counted, a flood closes with 4429", async () => {
    t = await startTestServer();
    const lobbySeat = async () => {
      const res = await fetch(`${t.httpUrl}/matchmake/joinOrCreate/${LOBBY_ROOM_NAME}`, {
        method: "POST", headers: { "content-type": "application/json" }, body: "{}",
      });
      return res.json() as Promise<{ roomId: string; processId: string; sessionId: string }>;
    };
    const filterType = [0xa6, ...new TextEncoder().encode("filter")];

    const polite = await RawClient.connect(t.wsUrl, await lobbySeat());
    await polite.join();
    polite.send([Protocol.ROOM_DATA, ...filterType, 0x81, 0xa4, 0x6e, 0x61, 0x6d, 0x65, 0xa5, 0x61, 0x72, 0x65, 0x6e, 0x61]); // { name: "arena" }
    const answered = Date.now() + 2000;
    while ((polite.received.get(Protocol.ROOM_DATA) ?? 0) < 2 && Date.now() < answered) await sleep(10);
    assert.equal(polite.received.get(Protocol.ROOM_DATA), 2, "the room list on join, then the filtered list");

    const flooder = await RawClient.connect(t.wsUrl, await lobbySeat());
    await flooder.join();
    for (let i = 0; i < 1000 && flooder.isOpen; i++) flooder.send([Protocol.ROOM_DATA, ...filterType, 0xc0]);
    assert.equal((await flooder.closed).code, CloseCode.FLOODING);

    // The lobby's budget is small (LOBBY_MESSAGE_LIMITS): a burst of bad frames is counted, then dropped.
    const violationsBefore = await readMetric(t, "skirmish_protocol_violations_total");
    const garbage = await RawClient.connect(t.wsUrl, await lobbySeat());
    await garbage.join();
    for (let i = 0; i < LOBBY_MESSAGE_LIMITS.burst - 1; i++) garbage.send([Protocol.ROOM_INPUT_UNRELIABLE, 0, 0xff]);
    await sleep(100);
    assert.equal(await readMetric(t, "skirmish_protocol_violations_total"), violationsBefore + LOBBY_MESSAGE_LIMITS.burst - 1);
    assert.ok(polite.isOpen && garbage.isOpen);
    polite.close();
    garbage.close();
  });

  it("takes no identity, team, position, score or settings from a client: the server decides them", async () => {
    t = await startTestServer({ maxPlayers: 8 });
    const forged = {
      name: "Mallory", mode: "teams", sessionId: "admin", team: 2, x: 5, y: 5, score: 99, kills: 99, alive: false, hp: 255,
      settings: { maxPlayers: 999, maxSendBufferBytes: 1e12 },
    };
    const a = await t.join(forged);
    const b = await t.join({ ...forged, team: 2 });
    await waitForState(a, (s) => s.players.size === 2);
    assert.notEqual(a.sessionId, "admin");
    const mallory = a.state.players.get(a.sessionId)!;
    assert.deepEqual([mallory.score, mallory.kills, mallory.hp], [0, 0, 100]);
    assert.notDeepEqual([mallory.x, mallory.y], [5, 5]);
    assert.deepEqual([...a.state.players.values()].map((p) => p.team).sort(), [1, 2], "teams are balanced by the server");
    assert.deepEqual([...a.state.players.values()].map((p) => p.name).sort(), ["Mallory", "Mallory 2"]);
    const room = matchMaker.getLocalRoomById(a.roomId) as ArenaRoom;
    assert.equal(room.maxClients, 8, "room settings come from the server's configuration");

    const echoed = new Promise<Record<string, unknown>>((resolve) => a.onMessage(MessageType.ECHO, resolve));
    a.send(MessageType.ECHO, { t: 42, admin: true, sessionId: b.sessionId });
    const reply = await echoed;
    assert.deepEqual(Object.keys(reply).sort(), ["t", "tick"], "only the probe's own number comes back, with the server's clock");
    assert.equal(reply.t, 42);
  });

  it("reconnection tokens are long, random and single-use", async () => {
    t = await startTestServer({ reconnectWindowSeconds: 5 });
    const { info } = console;
    console.info = () => {}; // Colyseus explains each refused token on the console
    try {
      await checkTokens(t);
    } finally {
      console.info = info;
    }
  });
});

/** Tokens: 16 joins for their shape and uniqueness, then one drop, one reconnection and two reuses. */
async function checkTokens(t: TestServer): Promise<void> {
  const rooms: ArenaClientRoom[] = [];
  for (let i = 0; i < 16; i++) rooms.push(await t.join({ name: `p${i}` }));
  const secrets = rooms.map((r) => r.reconnectionToken.split(":")[1]);
  for (const secret of secrets) assert.match(secret, /^[A-Za-z0-9_-]{9,}$/, "≥ 9 characters of a 64-symbol alphabet: ≥ 54 random bits");
  assert.equal(new Set(secrets).size, secrets.length);

  const victim = rooms[0];
  victim.reconnection.enabled = false;
  const token = victim.reconnectionToken;
  const dropped = new Promise((resolve) => victim.onLeave(resolve));
  (victim.connection.transport as unknown as { ws: { terminate(): void } }).ws.terminate();
  await dropped;
  const back = await t.client().reconnect(token, ArenaState);
  assert.equal(back.sessionId, victim.sessionId);
  assert.notEqual(back.reconnectionToken, token, "a fresh token for the new connection");
  await assert.rejects(t.client().reconnect(token, ArenaState), "the used token is dead");
  await assert.rejects(t.client().reconnect(`${victim.roomId}:AAAAAAAAA`, ArenaState), "a guessed token fails");
  assert.ok(back.connection.isOpen, "and the guesses did not disturb the real player");
  await back.leave();
}
