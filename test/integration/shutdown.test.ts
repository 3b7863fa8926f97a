import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { Client } from "@colyseus/sdk";
import { CloseCode, ROOM_NAME } from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";

describe("graceful shutdown", function () {
  this.timeout(30_000);

  it("on SIGTERM the server tells its clients, disposes rooms and exits 0 within 10 s", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (chunk) => {
          out += chunk;
          const match = /listening on http:\/\/localhost:(\d+)/.exec(out);
          if (match) resolve(Number(match[1]));
        });
        child.once("exit", () => reject(new Error(`server exited before listening: ${out}`)));
      });
      const room = await new Client(`http://127.0.0.1:${port}`).joinOrCreate(ROOM_NAME, { name: "Alice" }, ArenaState);
      const left = new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));
      const signalledAt = Date.now();
      child.kill("SIGTERM");
      assert.equal(await left, CloseCode.SERVER_SHUTDOWN, "the client is told the server is going away");
      assert.equal(await exited, 0);
      assert.ok(Date.now() - signalledAt < 10_000);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
