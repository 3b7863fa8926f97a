import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import { CloseCode, ROOM_NAME } from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";
import { startChildServer } from "../helpers/childServer.ts";

describe("graceful shutdown", function () {
  this.timeout(30_000);

  it("on SIGTERM the server tells its clients, disposes rooms and exits 0 within 10 s", async () => {
    const server = await startChildServer();
    try {
      const room = await new Client(server.httpUrl).joinOrCreate(ROOM_NAME, { name: "Alice" }, ArenaState);
      room.onMessage("*", () => {});
      const left = new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));
      const signalledAt = Date.now();
      server.child.kill("SIGTERM");
      assert.equal(await left, CloseCode.SERVER_SHUTDOWN, "the client is told the server is going away");
      assert.equal(await server.exited, 0, server.output());
      assert.ok(Date.now() - signalledAt < 10_000);
    } finally {
      server.kill();
    }
  });

  it("refuses to start on bad configuration, naming the variable", async () => {
    await assert.rejects(startChildServer({ PATCH_RATE_HZ: "fast" }), /PATCH_RATE_HZ must be a whole number from 1 to 30/);
  });
});
