import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey, HashingStream, sha256Hex } from "../../packages/shared/src/encoding.ts";

describe("encoding helpers", () => {
  it("hashes a stream as it flows, to the same digest as the whole buffer", async () => {
    const data = Buffer.from("ocrflow ".repeat(10_000));
    const hashing = new HashingStream();
    await pipeline(Readable.from([data.subarray(0, 777), data.subarray(777)]), hashing, new Writable({ write: (_c, _e, done) => done() }));
    expect(hashing.bytes).toBe(data.length);
    expect(hashing.digestHex()).toBe(sha256Hex(data));
  });

  it("makes distinct, prefixed keys whose hash is not the key", () => {
    const [a, b] = [generateApiKey(), generateApiKey()];
    expect(a).not.toBe(b);
    expect(a).toMatch(/^ofk_[A-Za-z0-9_-]{43}$/);
    expect(hashApiKey(a)).toMatch(/^[0-9a-f]{64}$/);
  });
});
