import { createHmac } from "node:crypto";

/** The header carrying the body's signature. */
export const WEBHOOK_SIGNATURE_HEADER = "X-Ocrflow-Signature";

/**
 * `sha256=<hex HMAC-SHA256 of the exact body bytes>`: a receiver recomputes it
 * over the raw body it read, before parsing, and compares in constant time.
 */
export function signWebhookBody(secret: string, body: string | Uint8Array): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}
