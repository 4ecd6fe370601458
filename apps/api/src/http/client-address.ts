import { isIPv6 } from "node:net";

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** The eight 16-bit groups of an IPv6 address, `::` expanded (a dotted IPv4 tail counts as two). */
function ipv6Groups(address: string): string[] {
  const [head = "", tail] = address.split("%")[0]!.split("::");
  const groupsOf = (part: string) =>
    part
      .split(":")
      .filter(Boolean)
      .flatMap((group) => (group.includes(".") ? ["0", "0"] : [group]));
  const headGroups = groupsOf(head);
  if (tail === undefined) return headGroups;
  const tailGroups = groupsOf(tail);
  return [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups];
}

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
  const prefix = ipv6Groups(address)
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16));
  return `${prefix.join(":")}::/64`;
}
