// The address per-IP limits are keyed by. X-Forwarded-For is written by whoever sends the
// request, so it is read only as far as the operator vouches for it: with N trusted proxies
// in front, the client is the entry N places from the right of (forwarded chain + peer).
import { isIPv6 } from "node:net";

/** What limits are keyed by when no address is known at all. */
export const UNKNOWN_ADDRESS = "unknown";

export function clientAddress(
  peerAddress: string | undefined,
  forwardedFor: string | readonly string[] | undefined,
  trustedProxyHops: number,
): string {
  if (trustedProxyHops <= 0) return addressKey(peerAddress);
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor as string | undefined) ?? "")
    .split(",").map((hop) => hop.trim()).filter(Boolean);
  const chain = [...forwarded, peerAddress ?? ""];
  return addressKey(chain[Math.max(0, chain.length - 1 - trustedProxyHops)]);
}

/**
 * The key for one client: IPv4-mapped IPv6 is folded into IPv4, and an IPv6 address is
 * reduced to its /64 network, because one host usually owns a whole /64 and could
 * otherwise take a fresh address for every connection.
 */
export function addressKey(address: string | undefined): string {
  let a = (address ?? "").trim().toLowerCase();
  if (a.startsWith("[") && a.endsWith("]")) a = a.slice(1, -1);
  if (a === "") return UNKNOWN_ADDRESS;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return mapped[1];
  if (!isIPv6(a)) return a;
  return `${expandIPv6(a).slice(0, 4).join(":")}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, without leading zeros. */
function expandIPv6(address: string): string[] {
  const [head, tail] = address.split("::");
  const toGroups = (part: string | undefined) => (part ? part.split(":") : []);
  const left = toGroups(head);
  const right = tail === undefined ? [] : toGroups(tail);
  const groups = tail === undefined ? left : [...left, ...new Array(8 - left.length - right.length).fill("0"), ...right];
  return groups.map((g) => (g.includes(".") ? g : parseInt(g, 16).toString(16)));
}
