import assert from "node:assert/strict";
import { ADMIN_FAILURES_BURST } from "../../server/admin/auth.ts";
import type { AdminSnapshot } from "../../server/admin/snapshot.ts";
import { PLAYER_MAX_HP } from "../../shared/constants.ts";
import { CloseCode, PHASE_NAMES } from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";
import { captureLog } from "../helpers/captureLog.ts";
import { startTestServer, waitForState, type ArenaClientRoom, type TestServer } from "../helpers/server.ts";

const PASSWORD = "admin-password-for-tests-42";

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const AS_ADMIN = { authorization: basic("ops", PASSWORD) };
/** What the admin page's own script sends with an action. */
const ACTION = { ...AS_ADMIN, "x-admin-request": "1" };

const leaveCode = (room: ArenaClientRoom) => new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));

async function snapshot(t: TestServer): Promise<AdminSnapshot> {
  const response = await fetch(`${t.httpUrl}/admin/api/rooms`, { headers: AS_ADMIN });
  assert.equal(response.status, 200);
  return (await response.json()) as AdminSnapshot;
}

const post = (t: TestServer, path: string, headers: Record<string, string> = ACTION) =>
  fetch(`${t.httpUrl}/admin/api/${path}`, { method: "POST", headers });

describe("admin view", function () {
  this.timeout(20_000);
  let server: TestServer | undefined;
  afterEach(async () => { await server?.close(); server = undefined; });
  const boot = async (...args: Parameters<typeof startTestServer>) => (server = await startTestServer(...args));

  it("is not served at all without ADMIN_PASSWORD (404)", async () => {
    const t = await boot();
    for (const path of ["/admin", "/admin/", "/admin/api/rooms"]) {
      const response = await fetch(`${t.httpUrl}${path}`, { headers: AS_ADMIN });
      assert.equal(response.status, 404, path);
    }
    assert.equal((await fetch(`${t.httpUrl}/admin/api/rooms/x/close`, { method: "POST", headers: ACTION })).status, 404);
  });

  it("refuses without credentials or with a wrong password (401 with a Basic challenge)", async () => {
    const { log, records } = captureLog();
    const t = await boot({ adminPassword: PASSWORD }, { log });
    const refused: Record<string, string>[] = [
      {}, { authorization: basic("ops", "wrong-password-123") }, { authorization: `Bearer ${PASSWORD}` }, { authorization: basic("ops", "") },
    ];
    for (const headers of refused) {
      for (const path of ["/admin/", "/admin/api/rooms", "/admin/admin.js"]) {
        const response = await fetch(`${t.httpUrl}${path}`, { headers });
        assert.equal(response.status, 401, `${path} with ${JSON.stringify(headers)}`);
        assert.match(response.headers.get("www-authenticate") ?? "", /^Basic realm="Skirmish admin"/);
        assert.doesNotMatch(await response.text(), /rooms|processId/);
      }
    }
    const kick = await fetch(`${t.httpUrl}/admin/api/rooms/x/clients/y/kick`, { method: "POST", headers: { authorization: basic("ops", "nope-nope-nope"), "x-admin-request": "1" } });
    assert.equal(kick.status, 401);

    // The right password, any user name: the page, with its script, under a strict policy.
    const page = await fetch(`${t.httpUrl}/admin/`, { headers: { authorization: basic("anyone", PASSWORD) } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    assert.match(page.headers.get("content-security-policy") ?? "", /default-src 'none'.*frame-ancestors 'none'/);
    assert.equal(page.headers.get("cache-control"), "no-store");
    assert.match(await page.text(), /<script src="admin\.js"/);
    const bare = await fetch(`${t.httpUrl}/admin`, { headers: AS_ADMIN, redirect: "manual" });
    assert.equal(bare.status, 302);
    assert.equal(bare.headers.get("location"), "admin/");

    assert.ok(records.some((r) => r.event === "admin_auth_failed"), "wrong passwords are logged");
    assert.ok(!JSON.stringify(records).includes(PASSWORD), "the password never reaches the log");
  });

  it("after too many wrong passwords an address gets 429, even with the right one", async () => {
    const t = await boot({ adminPassword: PASSWORD });
    for (let i = 0; i < ADMIN_FAILURES_BURST; i++) {
      assert.equal((await fetch(`${t.httpUrl}/admin/api/rooms`, { headers: { authorization: basic("x", `guess-${i}-abcdefgh`) } })).status, 401);
    }
    const blocked = await fetch(`${t.httpUrl}/admin/api/rooms`, { headers: AS_ADMIN });
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get("retry-after")) >= 1);
  });

  it("lists this process's rooms and their players as they join", async () => {
    const t = await boot({ adminPassword: PASSWORD });
    assert.deepEqual((await snapshot(t)).rooms, []);
    const alice = await t.join({ name: "Alice" });
    const bob = await t.join({ name: "Bob" });
    await waitForState(alice, (s) => s.players.size === 2);

    const view = await snapshot(t);
    assert.equal(view.pid, process.pid);
    assert.deepEqual(view.otherProcesses, []);
    assert.equal(view.rooms.length, 1);
    const room = view.rooms[0];
    assert.equal(room.roomId, alice.roomId);
    assert.equal(room.name, "arena");
    assert.equal(room.mode, "ffa");
    assert.ok((PHASE_NAMES as readonly (string | undefined)[]).includes(room.phase));
    assert.equal(room.clients, 2);
    assert.equal(room.private, false);
    assert.deepEqual(
      room.players.map((p) => [p.sessionId, p.name, p.connected, p.score, p.hp]).sort(),
      [[alice.sessionId, "Alice", true, 0, PLAYER_MAX_HP], [bob.sessionId, "Bob", true, 0, PLAYER_MAX_HP]].sort(),
    );
  });

  it("kicks one client with CloseCode.KICKED and releases its seat; the others stay", async () => {
    const { log, records } = captureLog();
    const t = await boot({ adminPassword: PASSWORD }, { log });
    const alice = await t.join({ name: "Alice" });
    const bob = await t.join({ name: "Bob" });
    await waitForState(alice, (s) => s.players.size === 2);
    const bobLeft = leaveCode(bob);
    const kickBob = `rooms/${bob.roomId}/clients/${bob.sessionId}/kick`;

    // CSRF: without the page's header, or from another site, nothing happens.
    assert.equal((await post(t, kickBob, AS_ADMIN)).status, 403);
    assert.equal((await post(t, kickBob, { ...ACTION, "sec-fetch-site": "cross-site" })).status, 403);
    assert.equal((await post(t, `rooms/${bob.roomId}/clients/nobody/kick`)).status, 404);
    assert.equal((await post(t, `rooms/NOROOM/clients/${bob.sessionId}/kick`)).status, 404);
    assert.equal(bob.connection.isOpen, true);

    const kicked = await post(t, kickBob);
    assert.equal(kicked.status, 200);
    assert.deepEqual(await kicked.json(), { ok: true, outcome: "kicked", name: "Bob" });
    assert.equal(await bobLeft, CloseCode.KICKED);

    // No reconnection window: the seat goes at once, and the kicked tab cannot take it back.
    await waitForState(alice, (s) => s.players.size === 1 && s.players.has(alice.sessionId), 3000, "Bob's seat released");
    await assert.rejects(t.client().reconnect(bob.reconnectionToken, ArenaState));
    assert.equal(alice.connection.isOpen, true);
    const room = (await snapshot(t)).rooms[0];
    assert.deepEqual(room.players.map((p) => p.name), ["Alice"]);

    const line = records.find((r) => r.event === "admin_kick");
    assert.ok(line, "the kick is logged");
    assert.equal(line.session, bob.sessionId);
    assert.equal(line.room, bob.roomId);
    assert.equal(line.admin, "ops");
  });

  it("kicking a dropped player whose seat is held releases the seat at once", async () => {
    const t = await boot({ adminPassword: PASSWORD });
    const alice = await t.join({ name: "Alice" });
    const bob = await t.join({ name: "Bob" });
    await waitForState(alice, (s) => s.players.size === 2);
    bob.reconnection.enabled = false;
    (bob.connection.transport as unknown as { ws: { terminate(): void } }).ws.terminate();
    await waitForState(alice, (s) => s.players.get(bob.sessionId)?.connected === false, 3000, "Bob's seat held");
    assert.equal((await snapshot(t)).rooms[0].players.find((p) => p.sessionId === bob.sessionId)?.connected, false);

    const released = await post(t, `rooms/${bob.roomId}/clients/${bob.sessionId}/kick`);
    assert.deepEqual(await released.json(), { ok: true, outcome: "seat_released", name: "Bob" });
    await waitForState(alice, (s) => s.players.size === 1, 3000, "the held seat released");
    await assert.rejects(t.client().reconnect(bob.reconnectionToken, ArenaState));
  });

  it("closes a room: every client gets CloseCode.CLOSED_BY_ADMIN and the room is gone", async () => {
    const t = await boot({ adminPassword: PASSWORD });
    const alice = await t.join({ name: "Alice" });
    const bob = await t.join({ name: "Bob" });
    const other = await t.join({ name: "Carol", mode: "teams" }); // another room, left alone
    assert.notEqual(other.roomId, alice.roomId);
    const codes = Promise.all([leaveCode(alice), leaveCode(bob)]);

    assert.equal((await post(t, `rooms/${alice.roomId}/close`, AS_ADMIN)).status, 403);
    const closed = await post(t, `rooms/${alice.roomId}/close`);
    assert.equal(closed.status, 200);
    assert.deepEqual(await closed.json(), { ok: true, clients: 2 });
    assert.deepEqual(await codes, [CloseCode.CLOSED_BY_ADMIN, CloseCode.CLOSED_BY_ADMIN]);

    const view = await snapshot(t);
    assert.deepEqual(view.rooms.map((r) => r.roomId), [other.roomId]);
    assert.equal(other.connection.isOpen, true);
    assert.equal((await post(t, `rooms/${alice.roomId}/close`)).status, 404);
  });
});
