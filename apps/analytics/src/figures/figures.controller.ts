import { Roles } from '@ates/auth';
import { ApiAuthenticated, ApiRoute, businessDate, resolveDateRange } from '@ates/platform';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TIME_ZONE } from '../analytics.tokens';
import { DaySummary, FiguresQueries, TopTask } from './figures.queries';
import { mostExpensive, periods } from './figures.rules';
import { PeriodsQuery, PeriodTaskDto, SummaryDto, SummaryQuery } from './figures.views';

/** Ten years of days at most per request; the answer is built from one row per day. */
const MAX_RANGE_DAYS = 3_660;

interface PeriodTask {
  from: string;
  to: string;
  task: Omit<TopTask, 'date'> | null;
}

@ApiTags('analytics')
@ApiAuthenticated()
@Roles('admin')
@Controller('analytics')
export class FiguresController {
  constructor(
    private readonly figures: FiguresQueries,
    @Inject(TIME_ZONE) private readonly timeZone: string,
  ) {}

  @Get('summary')
  @ApiRoute('A day’s management earnings and how many popugs ended it in the red (admins)', 400)
  @ApiOkResponse({ type: SummaryDto })
  summary(@Query() query: SummaryQuery): Promise<DaySummary> {
    return this.figures.summary(query.date ?? this.today(), this.timeZone);
  }

  @Get('most-expensive-task')
  @ApiRoute('The most expensive task completed between two dates (admins)', 400)
  @ApiOkResponse({ type: PeriodTaskDto })
  async mostExpensiveTask(@Query() query: PeriodsQuery): Promise<PeriodTask> {
    const range = this.range(query);
    return this.pick(range, await this.figures.dailyTop(range.from, range.to));
  }

  @Get('most-expensive-tasks')
  @ApiRoute('The most expensive task of each day, week or month (admins)', 400)
  @ApiOkResponse({ type: [PeriodTaskDto], description: 'one per period, oldest first' })
  async mostExpensiveTasks(@Query() query: PeriodsQuery): Promise<PeriodTask[]> {
    const range = this.range(query);
    const days = await this.figures.dailyTop(range.from, range.to);
    return periods(range, query.granularity ?? 'day').map((p) =>
      this.pick(
        p,
        days.filter((d) => d.date >= p.from && d.date <= p.to),
      ),
    );
  }

  private pick(period: { from: string; to: string }, days: TopTask[]): PeriodTask {
    const best = mostExpensive(days);
    if (!best) return { ...period, task: null };
    const { taskId, title, jiraId, reward, completedAt } = best;
    return { ...period, task: { taskId, title, jiraId, reward, completedAt } };
  }

  private range(query: PeriodsQuery) {
    const today = this.today();
    return resolveDateRange({ from: query.from ?? today, to: query.to ?? today }, today, 1, MAX_RANGE_DAYS);
  }

  private today(): string {
    return businessDate(new Date(), this.timeZone);
  }
}
