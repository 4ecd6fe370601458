import { isIPv6 } from "node:net";
import { ipv6Groups } from "@ocrflow/shared/ip-address";

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * The address a client's requests are counted under: IPv4 as it is (also when
 * IPv4-mapped), IPv6 by its /64, since one host is usually given a whole /64
 * and could otherwise take a new address for every request.
 */
export function clientAddressOf(address: string | undefined): string {
  if (!address) return "unknown";
  const mapped = address.match(MAPPED_IPV4)?.[1];
  if (mapped) return mapped;
  if (!isIPv6(address)) return address;
  const groups = ipv6Groups(address);
  if (!groups) return address;
  const prefix = groups.slice(0, 4).map((group) => group.toString(16));
  return `${prefix.join(":")}::/64`;
}
