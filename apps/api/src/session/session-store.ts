import { type Db, sql } from "@ocrflow/shared/db";
import { csrfTokenOf, newSessionToken, sessionIdOf } from "./session-token.ts";

/** A valid session, as a request sees it. */
export interface ActiveSession {
  id: string;
  userId: string;
  userName: string;
  keyId: string;
  expiresAt: Date;
  csrfToken: string;
}

/** Opens a session for a valid API key; the token goes into the cookie and nowhere else. */
export async function createSession(
  db: Db,
  apiKeyId: string,
  ttlMs: number,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + ttlMs);
  await db.session.create({ data: { id: sessionIdOf(token), apiKeyId, createdAt: now, expiresAt } });
  return { token, expiresAt };
}

interface SessionRow {
  id: string;
  expiresAt: Date;
  keyId: string;
  userId: string;
  userName: string;
  revokedAt: Date | null;
}

/**
 * The session of a cookie's token, or undefined when there is none, it has
 * expired, or its API key was revoked (its sessions end with it). Raw SQL:
 * read on every request of the web app (see db.ts).
 */
export async function findSession(db: Db, token: string, now = new Date()): Promise<ActiveSession | undefined> {
  const [row] = await db.$queryRaw<SessionRow[]>(
    sql`SELECT s."id", s."expiresAt", k."id" AS "keyId", k."userId", k."revokedAt", u."name" AS "userName"
        FROM "Session" s JOIN "ApiKey" k ON k."id" = s."apiKeyId" JOIN "User" u ON u."id" = k."userId"
        WHERE s."id" = ${sessionIdOf(token)}`,
  );
  if (!row || row.revokedAt || row.expiresAt.getTime() <= now.getTime()) return undefined;
  return {
    id: row.id,
    userId: row.userId,
    userName: row.userName,
    keyId: row.keyId,
    expiresAt: row.expiresAt,
    csrfToken: csrfTokenOf(token),
  };
}

/** Moves a session's end; false when it is gone meanwhile (signed out). */
export async function renewSession(db: Db, sessionId: string, expiresAt: Date): Promise<boolean> {
  const { count } = await db.session.updateMany({ where: { id: sessionId }, data: { expiresAt } });
  return count === 1;
}

/** Sign-out: the row goes, so the cookie is worth nothing even if kept. */
export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

/** Drops expired sessions; run at each sign-in, so the table holds little more than the live ones. */
export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
