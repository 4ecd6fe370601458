import { API_KEY_PREFIX } from "./constants.ts";

const REDACTED = "[redacted]";
const MAX_DEPTH = 8;

// Field names whose values are secrets whatever they hold (headers included).
const SECRET_FIELD = /^(key|cookie|set-cookie)$|(authorization|password|passwd|secret|token|api[-_]?key)$/i;

const STRING_SECRETS: [RegExp, string][] = [
  // API keys wherever they appear (a URL, an error message...).
  [new RegExp(`${API_KEY_PREFIX}[A-Za-z0-9_-]+`, "g"), `${API_KEY_PREFIX}${REDACTED}`],
  // Passwords in URLs such as postgresql://user:password@host or redis://:password@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*):[^\s@/]*@/gi, `$1:${REDACTED}@`],
  // Credentials in a header value that was logged as text.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`],
];

/** A string with API keys, URL passwords and bearer/basic credentials replaced. */
export function redactString(text: string): string {
  return STRING_SECRETS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}

/**
 * A copy of a log value with secrets replaced: fields named like secrets
 * (Authorization, X-API-Key, password, token...) entirely, and secret-looking
 * text anywhere. Objects are copied, never changed in place.
 */
export function redactSecrets(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return redactString(value);
  if (value === null || typeof value !== "object" || depth >= MAX_DEPTH) return value;
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1, seen));
  if (value instanceof Date) return value;
  if (value instanceof Error) return redactString(value.stack ?? value.message);
  const copy: Record<string, unknown> = {};
  for (const [field, fieldValue] of Object.entries(value)) {
    copy[field] =
      SECRET_FIELD.test(field) && fieldValue != null && fieldValue !== "" ? REDACTED : redactSecrets(fieldValue, depth + 1, seen);
  }
  return copy;
}
