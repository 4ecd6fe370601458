// IP address helpers both apps need: the webhook guard (shared) and the rate limit (API).

/** The eight 16-bit groups of an IPv6 literal: `::` expanded, a trailing dotted IPv4 and a zone id (%eth0) handled. */
export function ipv6Groups(ipv6: string): number[] | undefined {
  const text = ipv6.split("%")[0].replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) => `${hexGroup(a, b)}:${hexGroup(c, d)}`);
  const [head, tail, ...rest] = text.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  if (rest.length > 0 || (tail === undefined ? missing !== 0 : missing < 1)) return undefined;
  const groups = [...headGroups, ...Array<string>(missing).fill("0"), ...tailGroups].map((group) => Number.parseInt(group, 16));
  return groups.every((group) => group >= 0 && group <= 0xffff) ? groups : undefined;
}

function hexGroup(high: string, low: string): string {
  return ((Number(high) << 8) | Number(low)).toString(16);
}
