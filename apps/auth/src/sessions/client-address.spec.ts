import { clientAddressKey } from './client-address';

describe('clientAddressKey', () => {
  it('counts an IPv6 client by its /64 and an IPv4 one by its address', () => {
    expect(clientAddressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('2001:0db8:0001:0002:ffff:ffff:ffff:fffe')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressKey('10.7.0.1')).toBe('10.7.0.1');
    expect(clientAddressKey('::ffff:10.7.0.1')).toBe('10.7.0.1');
  });
});
