import { Roles } from '@ates/auth';
import { ApiAuthenticated, ApiRoute, DateRangeQuery, businessDate, resolveDateRange } from '@ates/platform';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TIME_ZONE } from '../accounting.tokens';
import { StatsQueries } from './stats.queries';
import { DAILY_STATS_DEFAULT_DAYS, DayStats } from './stats.rules';
import { DayStatsDto } from './stats.views';

@ApiTags('accounting')
@ApiAuthenticated()
@Roles('admin', 'accountant')
@Controller('accounting/stats')
export class StatsController {
  constructor(
    private readonly stats: StatsQueries,
    @Inject(TIME_ZONE) private readonly timeZone: string,
  ) {}

  @Get('today')
  @ApiRoute('Today’s management earnings, fees, rewards and payouts (admins, accountants)')
  @ApiOkResponse({ type: DayStatsDto })
  async today(): Promise<DayStats> {
    const today = businessDate(new Date(), this.timeZone);
    const [stats] = await this.stats.daily(today, today, this.timeZone);
    return stats;
  }

  @Get('daily')
  @ApiRoute('The same figures per day, oldest first (admins, accountants)', 400)
  @ApiOkResponse({ type: [DayStatsDto], description: 'one per day, oldest first (default: the last 7 days)' })
  daily(@Query() query: DateRangeQuery): Promise<DayStats[]> {
    const today = businessDate(new Date(), this.timeZone);
    const { from, to } = resolveDateRange(query, today, DAILY_STATS_DEFAULT_DAYS);
    return this.stats.daily(from, to, this.timeZone);
  }
}
