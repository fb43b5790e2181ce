import { AuthenticatedUser, CurrentUser, Roles } from '@ates/auth';
import { businessDate, DateQuery, DEFAULT_LIMIT, IdParam, LimitQuery } from '@ates/platform';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TIME_ZONE } from '../accounting.tokens';
import { BalanceView, EntryView, LedgerQueries } from './ledger.queries';
import { BalanceDto, EntryDto } from './ledger.views';

@ApiTags('accounting')
@ApiBearerAuth()
@Controller('accounting')
export class LedgerController {
  constructor(
    private readonly ledger: LedgerQueries,
    @Inject(TIME_ZONE) private readonly timeZone: string,
  ) {}

  @Get('me')
  @ApiOkResponse({ type: BalanceDto })
  async me(@CurrentUser() user: AuthenticatedUser): Promise<BalanceView> {
    // Accounting may not have heard of a brand-new popug yet: nothing earned or owed so far.
    return (
      (await this.ledger.balance(user.id)) ?? {
        accountId: user.id,
        username: user.username,
        balance: 0,
        currency: 'USD',
      }
    );
  }

  @Get('me/transactions')
  @ApiOkResponse({ type: [EntryDto] })
  myEntries(@CurrentUser() user: AuthenticatedUser, @Query() query: DateQuery): Promise<EntryView[]> {
    return this.entries(user.id, query);
  }

  @Get('accounts')
  @Roles('admin', 'accountant')
  @ApiOkResponse({ type: [BalanceDto] })
  accounts(@Query() query: LimitQuery): Promise<BalanceView[]> {
    return this.ledger.balances(query.limit ?? DEFAULT_LIMIT);
  }

  @Get('accounts/:id')
  @Roles('admin', 'accountant')
  @ApiOkResponse({ type: BalanceDto })
  account(@Param() { id }: IdParam): Promise<BalanceView> {
    return this.ledger.balanceOrFail(id);
  }

  @Get('accounts/:id/transactions')
  @Roles('admin', 'accountant')
  @ApiOkResponse({ type: [EntryDto] })
  async accountEntries(@Param() { id }: IdParam, @Query() query: DateQuery): Promise<EntryView[]> {
    await this.ledger.balanceOrFail(id);
    return this.entries(id, query);
  }

  private entries(accountId: string, query: DateQuery): Promise<EntryView[]> {
    const date = query.date ?? businessDate(new Date(), this.timeZone);
    return this.ledger.entries(accountId, date, this.timeZone, query.limit ?? DEFAULT_LIMIT);
  }
}
