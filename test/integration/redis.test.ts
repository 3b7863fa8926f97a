import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import { ROOM_NAME } from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";
import type { ChildServer } from "../helpers/childServer.ts";
import { requireRedis, startProcesses, startRedis, type RedisServer } from "../helpers/cluster.ts";
import { waitForState } from "../helpers/server.ts";

describe("several server processes sharing Redis", function () {
  this.timeout(60_000);
  let redis: RedisServer | undefined;
  let servers: ChildServer[] = [];

  before(async function () {
    requireRedis(this, "the multi-process matchmaking test");
    redis = await startRedis();
    servers = await startProcesses(redis.url, 2);
  });

  after(() => {
    for (const s of servers) s.kill();
    redis?.stop();
  });

  it("quick play on either process lands in the same room, and both players see each other", async () => {
    const [first, second] = servers;
    const a = await new Client(first.httpUrl).joinOrCreate(ROOM_NAME, { name: "OnFirst" }, ArenaState);
    const b = await new Client(second.httpUrl).joinOrCreate(ROOM_NAME, { name: "OnSecond" }, ArenaState);
    for (const room of [a, b]) room.onMessage("*", () => {});
    assert.equal(b.roomId, a.roomId, "the second process found the room the first one hosts");
    await waitForState(a, (s) => s.players.size === 2, 5000, "both players");
    await waitForState(b, (s) => s.players.size === 2, 5000, "both players");
    const health = await Promise.all(servers.map(async (s) => (await fetch(`${s.httpUrl}/health`)).json()));
    assert.deepEqual(health.map((h) => h.rooms).sort(), [0, 1], "one process hosts the room");
    await Promise.all([a.leave(), b.leave()]);
  });
});
