/** What a request needs of a valid API key. */
export interface KnownKey {
  userId: string;
  keyId: string;
}

export interface ApiKeyCache {
  get(keyHash: string): KnownKey | undefined;
  set(keyHash: string, key: KnownKey): void;
}

export interface ApiKeyCacheOptions {
  /** How long a found key is trusted without reading it again; 0 turns the cache off. */
  ttlMs: number;
  /** Keys kept at most; the least recently used goes first. */
  maxEntries?: number;
  now?: () => number;
}

const DEFAULT_MAX_ENTRIES = 1_000;

/**
 * Valid keys by hash for a short while, so a client's burst of requests reads
 * its key once. A key revoked meanwhile (`pnpm ocrflow keys revoke`, another
 * process) is still accepted until its entry is `ttlMs` old; unknown and
 * revoked keys are never cached, so a new key works at once.
 */
export function createApiKeyCache(options: ApiKeyCacheOptions): ApiKeyCache {
  const { ttlMs, maxEntries = DEFAULT_MAX_ENTRIES, now = Date.now } = options;
  // A Map iterates in insertion order: re-inserting on a hit keeps the oldest first.
  const entries = new Map<string, { key: KnownKey; expiresAt: number }>();
  return {
    get(keyHash) {
      const entry = entries.get(keyHash);
      if (!entry) return undefined;
      entries.delete(keyHash);
      if (entry.expiresAt <= now()) return undefined;
      entries.set(keyHash, entry);
      return entry.key;
    },
    set(keyHash, key) {
      if (ttlMs <= 0) return;
      entries.delete(keyHash);
      entries.set(keyHash, { key, expiresAt: now() + ttlMs });
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
      }
    },
  };
}
