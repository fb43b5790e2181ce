import { DEVELOPMENT_ADMIN_PASSWORD, TEST_ADMIN_PASSWORD } from './auth-config';
import { isLoopback, readGatewayConfig } from './gateway-config';

describe('gateway configuration (issue 16 §1: this machine only unless asked)', () => {
  it('listens on 127.0.0.1 unless GATEWAY_HOST is set', () => {
    expect(readGatewayConfig({}).host).toBe('127.0.0.1');
    expect(readGatewayConfig({ GATEWAY_HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it.each([DEVELOPMENT_ADMIN_PASSWORD, TEST_ADMIN_PASSWORD])(
    'refuses the development password %s on an address other machines reach',
    (password) => {
      for (const host of ['0.0.0.0', '::', '192.168.1.20'])
        expect(() => readGatewayConfig({ GATEWAY_HOST: host, ATES_ADMIN_PASSWORD: password })).toThrow(
          `GATEWAY_HOST=${host} opens the gateway to the network while ATES_ADMIN_PASSWORD is a published development default`,
        );
      for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2'])
        expect(readGatewayConfig({ GATEWAY_HOST: host, ATES_ADMIN_PASSWORD: password }).host).toBe(host);
    },
  );

  it('opens to the network with a password of its own (or none: the container, where auth holds it)', () => {
    expect(readGatewayConfig({ GATEWAY_HOST: '0.0.0.0', ATES_ADMIN_PASSWORD: 'a-real-secret-42' }).host).toBe(
      '0.0.0.0',
    );
    expect(readGatewayConfig({ GATEWAY_HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('knows which addresses are loopback', () => {
    expect(['127.0.0.1', '127.255.0.9', '::1', 'localhost'].map(isLoopback)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['0.0.0.0', '::', '10.0.0.1', '1127.0.0.1', 'example.com'].map(isLoopback)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
