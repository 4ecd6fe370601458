import { generateApiKey, hashApiKey } from "@ocrflow/shared/encoding";
import type { Db } from "@ocrflow/shared/db";

/** Creates a user with a new API key; the key is returned once and never stored. */
export async function createApiKey(db: Db, name: string): Promise<{ key: string; userId: string; keyId: string }> {
  const key = generateApiKey();
  const user = await db.user.create({
    data: { name, apiKeys: { create: { name, keyHash: hashApiKey(key), prefix: key.slice(0, 10) } } },
    include: { apiKeys: true },
  });
  return { key, userId: user.id, keyId: user.apiKeys[0].id };
}
