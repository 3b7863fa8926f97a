import assert from "node:assert/strict";
import { ChatRateLimiter } from "../../../server/game/chat.ts";

describe("ChatRateLimiter", () => {
  it("allows 5 lines per 10 s per player, and says when the next one is allowed", () => {
    const limiter = new ChatRateLimiter(5, 10_000);
    for (let i = 0; i < 5; i++) assert.deepEqual(limiter.tryConsume("a", 1000 + i * 100), { ok: true });
    assert.deepEqual(limiter.tryConsume("a", 1500), { ok: false, retryInMs: 9500 });
    assert.deepEqual(limiter.tryConsume("b", 1500), { ok: true }, "players are limited separately");
    assert.deepEqual(limiter.tryConsume("a", 11_000), { ok: true }, "the oldest line left the window");
    assert.equal(limiter.tryConsume("a", 11_050).ok, false);
  });
});
