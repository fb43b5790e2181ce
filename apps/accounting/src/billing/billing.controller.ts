import { Roles } from '@ates/auth';
import { ApiAuthenticated, ApiRoute, DEFAULT_LIMIT, LimitQuery } from '@ates/platform';
import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { BillingCyclesRepository } from '../ledger/billing-cycles.repository';
import { BillingService, CloseResult } from './billing.service';
import { CloseResultDto, CycleDto, CycleView, toCycleView } from './billing.views';

@ApiTags('accounting')
@ApiAuthenticated()
@Controller('accounting/billing-cycles')
export class BillingController {
  constructor(
    private readonly billing: BillingService,
    private readonly cycles: BillingCyclesRepository,
  ) {}

  @Post('close')
  @HttpCode(200)
  @Roles('admin')
  @ApiRoute('Close the open billing cycle now: pay out every positive balance and open the next cycle')
  @ApiOkResponse({ type: CloseResultDto })
  close(): Promise<CloseResult> {
    return this.billing.closeNow();
  }

  @Get()
  @Roles('admin', 'accountant')
  @ApiRoute('Billing cycles, newest first (admins, accountants)', 400)
  @ApiOkResponse({ type: [CycleDto], description: 'newest first' })
  async list(@Query() query: LimitQuery): Promise<CycleView[]> {
    return (await this.cycles.list(query.limit ?? DEFAULT_LIMIT)).map(toCycleView);
  }
}
