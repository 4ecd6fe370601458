import { BlockList, isIP } from "node:net";
import { embeddedIpv4Addresses } from "./embedded-ipv4.ts";

/**
 * Ranges a webhook may not reach unless WEBHOOK_ALLOWED_NETWORKS opens them:
 * this host, private networks, link-local (cloud metadata at 169.254.169.254),
 * CGNAT, multicast and reserved space. IPv4-mapped IPv6 addresses
 * (::ffff:10.0.0.1) match the IPv4 rules: BlockList maps them itself; 6to4,
 * Teredo and IPv4-compatible addresses are judged by the IPv4 inside as well.
 */
const REFUSED_SUBNETS: readonly [string, number, "ipv4" | "ipv6"][] = [
  ["0.0.0.0", 8, "ipv4"],
  ["10.0.0.0", 8, "ipv4"],
  ["100.64.0.0", 10, "ipv4"],
  ["127.0.0.0", 8, "ipv4"],
  ["169.254.0.0", 16, "ipv4"],
  ["172.16.0.0", 12, "ipv4"],
  ["192.0.0.0", 24, "ipv4"],
  ["192.168.0.0", 16, "ipv4"],
  ["198.18.0.0", 15, "ipv4"],
  ["224.0.0.0", 4, "ipv4"],
  ["240.0.0.0", 4, "ipv4"],
  ["::", 128, "ipv6"],
  ["::1", 128, "ipv6"],
  // NAT64: the last 32 bits are an IPv4 address a gateway would reach for us.
  ["64:ff9b::", 96, "ipv6"],
  ["64:ff9b:1::", 48, "ipv6"],
  ["fc00::", 7, "ipv6"],
  ["fe80::", 10, "ipv6"],
  ["fec0::", 10, "ipv6"],
  ["ff00::", 8, "ipv6"],
];

const REFUSED = new BlockList();
for (const [network, prefix, family] of REFUSED_SUBNETS) REFUSED.addSubnet(network, prefix, family);

/** The networks WEBHOOK_ALLOWED_NETWORKS opens (CIDRs checked by the env schema). */
export function createAllowedNetworks(cidrs: readonly string[]): BlockList {
  const allowed = new BlockList();
  for (const cidr of cidrs) {
    const { address, prefix, family } = parseCidr(cidr);
    allowed.addSubnet(address, prefix, family);
  }
  return allowed;
}

/** `10.0.0.0/8` or `fd00::/8`; a bare address means just that address. Throws on anything else. */
export function parseCidr(cidr: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } {
  const [address, prefixText, ...rest] = cidr.trim().split("/");
  const version = isIP(address);
  const maxPrefix = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
  if (version === 0 || rest.length > 0 || !/^\d{1,3}$/.test(prefixText ?? "0") || prefix > maxPrefix) {
    throw new Error(`"${cidr}" is not an IPv4 or IPv6 network such as 10.0.0.0/8 or fd00::/8`);
  }
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/**
 * True when a webhook may not be sent to `address` (an IP literal; anything else is refused).
 * An IPv6 address that a tunnel would deliver to an IPv4 address (6to4, Teredo) is refused
 * when that IPv4 address would be, so 2002:7f00:1:: is no way around 127.0.0.0/8.
 */
export function isAddressRefused(address: string, allowed: BlockList): boolean {
  const version = isIP(address);
  if (version === 0) return true;
  const family = version === 4 ? "ipv4" : "ipv6";
  if (allowed.check(address, family)) return false;
  if (family === "ipv6" && embeddedIpv4Addresses(address).some((ipv4) => isAddressRefused(ipv4, allowed))) return true;
  return REFUSED.check(address, family);
}
