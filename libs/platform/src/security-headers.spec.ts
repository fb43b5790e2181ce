import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify from 'fastify';
import { useSecurityHeaders } from './security-headers';

describe('security headers', () => {
  it("puts helmet's headers on every response, the same each time", async () => {
    const fastify = Fastify();
    useSecurityHeaders({
      getHttpAdapter: () => ({ getInstance: () => fastify }),
    } as unknown as NestFastifyApplication);
    fastify.get('/x', async () => ({ ok: true }));
    const answers = [await fastify.inject('/x'), await fastify.inject('/x')];
    for (const answer of answers) {
      expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(answer.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
      expect(answer.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(answer.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
      expect(answer.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(answer.headers['x-powered-by']).toBeUndefined();
    }
    expect(answers[1].headers['content-security-policy']).toBe(answers[0].headers['content-security-policy']);
    await fastify.close();
  });
});
