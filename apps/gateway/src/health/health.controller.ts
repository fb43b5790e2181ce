import { GATEWAY_CONFIG } from '../gateway.tokens';
import type { GatewayConfig } from '@ates/config';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

async function probe(url: string): Promise<'up' | 'down'> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? 'up' : 'down';
  } catch {
    return 'down';
  }
}

@ApiTags('gateway')
@Controller('health')
export class HealthController {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  /** 200 only when the gateway and every service behind it are ready. */
  @Get()
  @ApiOperation({ summary: 'Whether the gateway and every service behind it are ready' })
  @ApiOkResponse({
    description: 'every service is ready; `runId` is the ATES_RUN_ID `npm start` gave this gateway, if any',
    schema: {
      example: { status: 'ok', services: { auth: 'up', tasks: 'up', accounting: 'up', analytics: 'up' } },
    },
  })
  @ApiServiceUnavailableResponse({ description: 'some service is not ready' })
  async check(@Res() reply: FastifyReply): Promise<void> {
    const entries = await Promise.all(
      Object.entries(this.config.services).map(async ([name, url]) => [name, await probe(url)] as const),
    );
    const services = Object.fromEntries(entries);
    const ok = entries.every(([, state]) => state === 'up');
    const runId = this.config.runId ? { runId: this.config.runId } : {};
    void reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'error', services, ...runId });
  }
}
