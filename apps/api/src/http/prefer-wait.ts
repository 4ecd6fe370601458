/** The longest a submit waits for its job (Prefer: wait=N); a longer wait is cut to this. */
export const MAX_PREFER_WAIT_SECONDS = 60;

/**
 * The `wait` preference of a request's Prefer header (RFC 7240 4.3), in
 * seconds, at most MAX_PREFER_WAIT_SECONDS; undefined when there is none or its
 * value is not delta-seconds (a whole number): RFC 7240 has a server ignore a
 * preference it cannot use, so such a request is answered as if it had none.
 * Only the first `wait` counts, as the RFC says of a preference given twice.
 */
export function preferredWaitSeconds(header: string | string[] | undefined): number | undefined {
  const preferences = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",");
  for (const preference of preferences) {
    // A preference is `token [= value]`, then `;`-separated parameters, which wait has none of.
    const [name, ...value] = preference.split(";")[0]!.split("=");
    if (name!.trim().toLowerCase() !== "wait") continue;
    const seconds = value
      .join("=")
      .trim()
      .replace(/^"(.*)"$/, "$1");
    return /^\d{1,9}$/.test(seconds) ? Math.min(Number(seconds), MAX_PREFER_WAIT_SECONDS) : undefined;
  }
  return undefined;
}
