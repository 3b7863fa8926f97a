import assert from "node:assert/strict";
import fc from "fast-check";
import { addressKey, clientAddress, UNKNOWN_ADDRESS } from "../../../../server/net/clientAddress.ts";

describe("clientAddress", () => {
  it("uses the peer address and ignores X-Forwarded-For unless proxies are trusted", () => {
    assert.equal(clientAddress("203.0.113.9", "1.1.1.1", 0), "203.0.113.9");
    assert.equal(clientAddress(undefined, undefined, 0), UNKNOWN_ADDRESS);
  });

  it("with N trusted proxies, takes the entry N places from the right, so a forged prefix does not help", () => {
    // client forged "6.6.6.6"; our proxy (10.0.0.2) appended the real client 198.51.100.7
    assert.equal(clientAddress("10.0.0.2", "6.6.6.6, 198.51.100.7", 1), "198.51.100.7");
    assert.equal(clientAddress("10.0.0.3", ["6.6.6.6, 198.51.100.7", "10.0.0.2"], 2), "198.51.100.7");
    assert.equal(clientAddress("10.0.0.2", undefined, 1), "10.0.0.2", "a missing header falls back to the nearest hop");
  });

  it("folds IPv4-mapped IPv6 into IPv4 and groups IPv6 by /64", () => {
    assert.equal(addressKey("::ffff:127.0.0.1"), "127.0.0.1");
    assert.equal(addressKey("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
    assert.equal(addressKey("2001:0db8:0001:0002:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
    assert.equal(addressKey("[2001:db8::1]"), "2001:db8:0:0::/64");
    assert.equal(addressKey("::1"), "0:0:0:0::/64");
  });

  it("never throws, and keys every IPv6 address of a /64 alike", () => {
    fc.assert(fc.property(fc.option(fc.string()), fc.option(fc.string()), fc.integer({ min: 0, max: 10 }), (peer, forwarded, hops) => {
      assert.equal(typeof clientAddress(peer ?? undefined, forwarded ?? undefined, hops), "string");
    }), { seed: 5501, numRuns: 3000 });
    fc.assert(fc.property(fc.ipV6(), fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 4, maxLength: 4 }), (address, low) => {
      const key = addressKey(address);
      if (address.includes(".")) return; // embedded IPv4 forms are keyed as written
      const groups = key.replace("::/64", "").split(":");
      const sibling = [...groups, ...low.map((g) => g.toString(16))].join(":");
      assert.equal(addressKey(sibling), key);
    }), { seed: 5502, numRuns: 3000 });
  });
});
