import { createHash, randomBytes } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { API_KEY_PREFIX } from "./constants.ts";

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** A pass-through stream that hashes and counts what flows through it. */
export class HashingStream extends Transform {
  private readonly hash = createHash("sha256");
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }

  /** The hex SHA-256 of everything that passed; call once, after the end. */
  digestHex(): string {
    return this.hash.digest("hex");
  }
}

/** A new API key: the prefix plus 32 random bytes in base64url. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString("base64url");
}

/**
 * Keys are stored only as their SHA-256. They carry 256 random bits, so a
 * plain hash (no salt, no slow KDF) is enough and allows lookup by hash.
 */
export function hashApiKey(key: string): string {
  return sha256Hex(key);
}

export { decodeLanguages, encodeLanguages } from "./language-codes.ts";
