import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { Client } from "@colyseus/sdk";
import { ROOM_NAME } from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";
import { freePort, startChildServer, type ChildServer } from "../helpers/childServer.ts";
import { waitForState } from "../helpers/server.ts";

const hasRedis = spawnSync("redis-server", ["--version"]).status === 0;

describe("several server processes sharing Redis", function () {
  this.timeout(60_000);
  let redis: ChildProcess | undefined;
  const servers: ChildServer[] = [];

  before(async function () {
    if (!hasRedis) {
      const message = "redis-server is not installed: the multi-process matchmaking test cannot run";
      if (process.env.REQUIRE_REDIS === "1") throw new Error(message);
      console.warn(`\n  !!! SKIPPED: ${message} (apt-get install redis-server; REQUIRE_REDIS=1 makes this a failure)\n`);
      this.skip();
    }
    const port = await freePort();
    redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    const url = `redis://127.0.0.1:${port}`;
    for (let i = 0; i < 2; i++) {
      const serverPort = await freePort();
      servers.push(await startChildServer({ REDIS_URL: url, PORT: String(serverPort), PUBLIC_ADDRESS: `127.0.0.1:${serverPort}` }));
    }
  });

  after(() => {
    for (const s of servers) s.kill();
    redis?.kill("SIGKILL");
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
