import assert from "node:assert/strict";
import { ConfigError, DEFAULT_CONFIG, loadConfig } from "../../../server/config.ts";

describe("loadConfig", () => {
  it("uses the defaults for an empty environment", () => {
    assert.deepEqual(loadConfig({}), { ...DEFAULT_CONFIG, redisUrl: undefined, publicAddress: undefined });
  });

  it("reads and validates every variable", () => {
    const config = loadConfig({ PORT: "8080", PATCH_RATE_HZ: "30", MAX_PLAYERS: "128", REDIS_URL: "redis://cache:6379/0", PUBLIC_ADDRESS: "game-1.example.com:8080" });
    assert.equal(config.port, 8080);
    assert.equal(config.patchRateHz, 30);
    assert.equal(config.maxPlayers, 128);
    assert.equal(config.redisUrl, "redis://cache:6379/0");
    assert.equal(config.publicAddress, "game-1.example.com:8080");
  });

  for (const [key, value, message] of [
    ["PORT", "http", /PORT must be a whole number from 0 to 65535 \(got "http"\)/],
    ["PORT", "70000", /PORT must be/],
    ["MAX_PLAYERS", "129", /MAX_PLAYERS must be a whole number from 1 to 128/],
    ["MAX_PLAYERS", "1.5", /MAX_PLAYERS/],
    ["PATCH_RATE_HZ", "-5", /PATCH_RATE_HZ/],
    ["MAX_MESSAGES_PER_SECOND", "10", /MAX_MESSAGES_PER_SECOND must be a whole number from 40/],
    ["REDIS_URL", "localhost:6379", /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/],
    ["PUBLIC_ADDRESS", "https://x.example", /PUBLIC_ADDRESS must be host\[:port\]/],
  ] as const) {
    it(`rejects ${key}=${value} with a message naming it`, () => {
      assert.throws(() => loadConfig({ [key]: value }), (e: unknown) => e instanceof ConfigError && message.test(e.message));
    });
  }
});
