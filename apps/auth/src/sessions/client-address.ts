import { isIPv6 } from 'node:net';

/**
 * The key per-address limits count under. An IPv6 client usually holds a whole /64 (2^64 addresses), so it counts
 * as one; an IPv4 address (also written IPv4-mapped, ::ffff:a.b.c.d) counts as itself.
 */
export function clientAddressKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head, tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
