import assert from "node:assert/strict";
import { ConfigError, DEFAULT_CONFIG, loadConfig } from "../../../server/config.ts";

describe("loadConfig", () => {
  it("uses the defaults for an empty environment", () => {
    // Pretty logs by default only on a terminal outside production: that depends on where the test runs.
    const { logPretty: _pretty, ...config } = loadConfig({});
    const { logPretty: _default, ...defaults } = DEFAULT_CONFIG;
    assert.deepEqual(config, { ...defaults, redisUrl: undefined, publicAddress: undefined, metricsToken: undefined, metricsPort: undefined, adminPassword: undefined });
    assert.equal(loadConfig({ NODE_ENV: "production" }).logPretty, false, "production logs JSON");
  });

  it("reads the operator settings: metrics, logs, drain, admin", () => {
    const config = loadConfig({
      METRICS_TOKEN: "a-long-metrics-token", METRICS_PORT: "9464", METRICS_HOST: "10.0.0.5", LOG_LEVEL: "WARN", LOG_PRETTY: "1",
      DRAIN_SECONDS: "120", ADMIN_PASSWORD: "correct-horse-battery",
    });
    assert.deepEqual(
      [config.metricsToken, config.metricsPort, config.metricsHost, config.logLevel, config.logPretty, config.drainSeconds, config.adminPassword],
      ["a-long-metrics-token", 9464, "10.0.0.5", "warn", true, 120, "correct-horse-battery"],
    );
    assert.equal(loadConfig({ METRICS_PORT: "" }).metricsPort, undefined);
  });

  it("reads and validates every variable", () => {
    const config = loadConfig({ PORT: "8080", PATCH_RATE_HZ: "30", MAX_PLAYERS: "128", REDIS_URL: "redis://cache:6379/0", PUBLIC_ADDRESS: "game-1.example.com:8080" });
    assert.equal(config.port, 8080);
    assert.equal(config.patchRateHz, 30);
    assert.equal(config.maxPlayers, 128);
    assert.equal(config.redisUrl, "redis://cache:6379/0");
    assert.equal(config.publicAddress, "game-1.example.com:8080");
  });

  it("reads the cluster health-check interval", () => {
    assert.equal(loadConfig({}).clusterCheckSeconds, 5);
    assert.equal(loadConfig({ CLUSTER_CHECK_SECONDS: "1" }).clusterCheckSeconds, 1);
    assert.equal(loadConfig({ CLUSTER_CHECK_SECONDS: "300" }).clusterCheckSeconds, 300);
  });

  it("reads the hostile-client limits", () => {
    const config = loadConfig({
      ALLOWED_ORIGINS: "https://play.example.com, https://beta.example.com", NODE_ENV: "production", TRUSTED_PROXY_HOPS: "1",
      MESSAGE_RATE_PER_SECOND: "60", MESSAGE_BURST: "30", MESSAGE_FLOOD_DROPS: "50", MAX_MESSAGES_PER_SECOND: "90",
      MAX_CONNECTIONS_PER_IP: "0", MAX_JOINS_PER_IP_PER_MINUTE: "120", MAX_ROOMS: "10", MAX_SEND_BUFFER_BYTES: "65536",
    });
    assert.deepEqual(config.allowedOrigins, ["https://play.example.com", "https://beta.example.com"]);
    assert.equal(config.allowLocalhostOrigins, false, "production drops the localhost allowance");
    assert.deepEqual(
      [config.trustedProxyHops, config.messageRatePerSecond, config.messageBurst, config.messageFloodDrops, config.maxMessagesPerSecond],
      [1, 60, 30, 50, 90],
    );
    assert.deepEqual([config.maxConnectionsPerIp, config.maxJoinsPerIpPerMinute, config.maxRooms, config.maxSendBufferBytes], [0, 120, 10, 65536]);
    assert.equal(loadConfig({ ALLOWED_ORIGINS: "*" }).allowedOrigins, "*");
  });

  for (const [key, value, message] of [
    ["PORT", "http", /PORT must be a whole number from 0 to 65535 \(got "http"\)/],
    ["PORT", "70000", /PORT must be/],
    ["MAX_PLAYERS", "129", /MAX_PLAYERS must be a whole number from 1 to 128/],
    ["MAX_PLAYERS", "1.5", /MAX_PLAYERS/],
    ["PATCH_RATE_HZ", "-5", /PATCH_RATE_HZ/],
    ["MAX_MESSAGES_PER_SECOND", "10", /MAX_MESSAGES_PER_SECOND must be a whole number from 40/],
    ["REDIS_URL", "localhost:6379", /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/],
    ["ALLOWED_ORIGINS", "play.example.com", /ALLOWED_ORIGINS must be "\*" or comma-separated origins: "play.example.com" is not an origin/],
    ["MAX_MESSAGES_PER_SECOND", "100", /MAX_MESSAGES_PER_SECOND \(100\) must be at least MESSAGE_RATE_PER_SECOND \+ MESSAGE_BURST \(160\)/],
    ["MESSAGE_RATE_PER_SECOND", "20", /MESSAGE_RATE_PER_SECOND must be a whole number from 35/],
    ["MAX_ROOMS", "0", /MAX_ROOMS must be a whole number from 1/],
    ["MAX_SEND_BUFFER_BYTES", "1000", /MAX_SEND_BUFFER_BYTES must be a whole number from 16384/],
    ["TRUSTED_PROXY_HOPS", "-1", /TRUSTED_PROXY_HOPS/],
    ["PUBLIC_ADDRESS", "https://x.example", /PUBLIC_ADDRESS must be host\[:port\]/],
    ["CLUSTER_CHECK_SECONDS", "0", /CLUSTER_CHECK_SECONDS must be a whole number from 1 to 300/],
    ["CLUSTER_CHECK_SECONDS", "2.5", /CLUSTER_CHECK_SECONDS must be a whole number from 1 to 300/],
    ["METRICS_TOKEN", "short", /METRICS_TOKEN must be at least 16 characters with no spaces/],
    ["METRICS_TOKEN", "a token with spaces inside", /METRICS_TOKEN must be/],
    ["METRICS_PORT", "metrics", /METRICS_PORT must be a whole number from 0 to 65535/],
    ["LOG_LEVEL", "verbose", /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent \(got "verbose"\)/],
    ["LOG_PRETTY", "yes", /LOG_PRETTY must be 1, 0, true or false/],
    ["DRAIN_SECONDS", "3601", /DRAIN_SECONDS must be a whole number from 0 to 3600/],
    ["ADMIN_PASSWORD", "hunter2", /ADMIN_PASSWORD must be at least 12 characters/],
  ] as const) {
    it(`rejects ${key}=${value} with a message naming it`, () => {
      assert.throws(() => loadConfig({ [key]: value }), (e: unknown) => e instanceof ConfigError && message.test(e.message));
    });
  }
});
