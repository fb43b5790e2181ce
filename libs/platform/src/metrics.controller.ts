import { Public } from '@ates/auth';
import { metrics } from '@ates/messaging';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/** `GET /metrics`: the process's counters in the Prometheus text format (no personal data in labels). */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  @Public()
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  render(): string {
    return metrics.render();
  }
}
