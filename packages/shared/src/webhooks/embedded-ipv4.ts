import { ipv6Groups } from "../ip-address.ts";

/**
 * The IPv4 addresses an IPv6 address carries to a tunnel or relay, which then
 * sends our packets to them: 6to4 (2002:AABB:CCDD::/48), Teredo (server in bits
 * 32-63, client in the last 32 bits inverted) and the deprecated IPv4-compatible
 * form (::a.b.c.d; :: and ::1 are themselves). IPv4-mapped addresses are left to
 * BlockList, which matches them against IPv4 rules itself; NAT64 is refused whole.
 * Expects a valid IPv6 literal (as `isIP` accepts); an empty list for any other.
 */
export function embeddedIpv4Addresses(ipv6: string): string[] {
  const groups = ipv6Groups(ipv6);
  if (groups === undefined) return [];
  if (groups[0] === 0x2002) return [ipv4Of(groups[1], groups[2])];
  if (groups[0] === 0x2001 && groups[1] === 0) {
    return [ipv4Of(groups[2], groups[3]), ipv4Of(groups[6] ^ 0xffff, groups[7] ^ 0xffff)];
  }
  const ipv4Compatible = groups.slice(0, 6).every((group) => group === 0) && (groups[6] !== 0 || groups[7] > 1);
  return ipv4Compatible ? [ipv4Of(groups[6], groups[7])] : [];
}

function ipv4Of(high: number, low: number): string {
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}
