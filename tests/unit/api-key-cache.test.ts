import { describe, expect, it } from "vitest";
import { createApiKeyCache } from "../../apps/api/src/auth/api-key-cache.ts";

const KEY = { userId: "user-1", keyId: "key-1" };

function clock() {
  let time = 1_000;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe("the API key cache", () => {
  it("answers a key it was given until its TTL is up, then forgets it", () => {
    const time = clock();
    const cache = createApiKeyCache({ ttlMs: 500, now: time.now });
    cache.set("hash-1", KEY);
    time.advance(499);
    expect(cache.get("hash-1")).toEqual(KEY);
    time.advance(1);
    expect(cache.get("hash-1")).toBeUndefined();
  });

  it("does not extend the TTL on a hit, so a key in constant use is still read again", () => {
    const time = clock();
    const cache = createApiKeyCache({ ttlMs: 500, now: time.now });
    cache.set("hash-1", KEY);
    for (let step = 0; step < 4; step += 1) {
      time.advance(100);
      expect(cache.get("hash-1")).toEqual(KEY);
    }
    time.advance(100);
    expect(cache.get("hash-1")).toBeUndefined();
  });

  it("keeps nothing with a TTL of 0", () => {
    const cache = createApiKeyCache({ ttlMs: 0 });
    cache.set("hash-1", KEY);
    expect(cache.get("hash-1")).toBeUndefined();
  });

  it("drops the least recently used key beyond its size", () => {
    const cache = createApiKeyCache({ ttlMs: 60_000, maxEntries: 2 });
    cache.set("hash-1", KEY);
    cache.set("hash-2", { userId: "user-2", keyId: "key-2" });
    expect(cache.get("hash-1")).toEqual(KEY);
    cache.set("hash-3", { userId: "user-3", keyId: "key-3" });
    expect(cache.get("hash-2")).toBeUndefined();
    expect(cache.get("hash-1")).toEqual(KEY);
    expect(cache.get("hash-3")).toEqual({ userId: "user-3", keyId: "key-3" });
  });
});
