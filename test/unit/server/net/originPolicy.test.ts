import assert from "node:assert/strict";
import fc from "fast-check";
import { isOriginAllowed, parseAllowedOrigins, type OriginPolicy } from "../../../../server/net/originPolicy.ts";

const production: OriginPolicy = { allowed: [], allowLocalhost: false };
const development: OriginPolicy = { allowed: [], allowLocalhost: true };

describe("origin policy", () => {
  it("parses ALLOWED_ORIGINS into normalized origins, '*', or a clear error", () => {
    assert.deepEqual(parseAllowedOrigins(undefined), { ok: true, value: [] });
    assert.deepEqual(parseAllowedOrigins(" * "), { ok: true, value: "*" });
    assert.deepEqual(parseAllowedOrigins("https://Play.Example.com, http://10.0.0.5:8080/"),
      { ok: true, value: ["https://play.example.com", "http://10.0.0.5:8080"] });
    for (const bad of ["play.example.com", "ftp://x.example", "https://x.example/game", "https://u:p@x.example", "https://x.example?q=1"]) {
      const result = parseAllowedOrigins(bad);
      assert.equal(result.ok, false, bad);
    }
  });

  it("lets through programs that send no Origin, and pages served by this server", () => {
    assert.equal(isOriginAllowed(undefined, "game.example.com", production), true);
    assert.equal(isOriginAllowed("https://game.example.com", "game.example.com", production), true);
    assert.equal(isOriginAllowed("http://127.0.0.1:2567", "127.0.0.1:2567", production), true);
  });

  it("refuses other sites, the opaque 'null' origin and other schemes", () => {
    assert.equal(isOriginAllowed("https://evil.example", "game.example.com", production), false);
    assert.equal(isOriginAllowed("https://game.example.com.evil.example", "game.example.com", production), false);
    assert.equal(isOriginAllowed("http://game.example.com:8080", "game.example.com", production), false, "another port is another origin");
    assert.equal(isOriginAllowed("null", "game.example.com", production), false);
    assert.equal(isOriginAllowed("file://", "game.example.com", production), false);
    assert.equal(isOriginAllowed("not a url", "game.example.com", production), false);
  });

  it("allows listed origins, any origin with '*', and localhost pages only in development", () => {
    const listed: OriginPolicy = { allowed: ["https://play.example.com"], allowLocalhost: false };
    assert.equal(isOriginAllowed("https://play.example.com", "api.example.com", listed), true);
    assert.equal(isOriginAllowed("https://evil.example", "api.example.com", { allowed: "*", allowLocalhost: false }), true);
    for (const origin of ["http://localhost:5173", "http://127.0.0.1:5173", "http://[::1]:5173"]) {
      assert.equal(isOriginAllowed(origin, "127.0.0.1:2567", development), true, origin);
      assert.equal(isOriginAllowed(origin, "127.0.0.1:2567", production), false, origin);
    }
    assert.equal(isOriginAllowed("http://localhost.evil.example", "127.0.0.1:2567", development), false);
  });

  it("never throws, whatever the headers", () => {
    fc.assert(fc.property(fc.option(fc.string({ unit: "binary" })), fc.option(fc.string()), fc.boolean(), (origin, host, local) => {
      const allowed = isOriginAllowed(origin ?? undefined, host ?? undefined, { allowed: ["https://a.example"], allowLocalhost: local });
      assert.equal(typeof allowed, "boolean");
    }), { seed: 4401, numRuns: 5000 });
  });
});
