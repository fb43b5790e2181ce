import { AuthenticatedUser, CurrentUser, Roles } from '@ates/auth';
import {
  ApiAuthenticated,
  ApiRoute,
  DEFAULT_LIMIT,
  DateQuery,
  IdParam,
  LimitQuery,
  businessDate,
} from '@ates/platform';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TIME_ZONE } from '../accounting.tokens';
import { BalanceView, EntryView, LedgerQueries } from './ledger.queries';
import { BalanceDto, EntryDto } from './ledger.views';

@ApiTags('accounting')
@ApiAuthenticated()
@Controller('accounting')
export class LedgerController {
  constructor(
    private readonly ledger: LedgerQueries,
    @Inject(TIME_ZONE) private readonly timeZone: string,
  ) {}

  @Get('me')
  @ApiRoute('The caller’s balance')
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
  @ApiRoute('The caller’s ledger entries of a day', 400)
  @ApiOkResponse({ type: [EntryDto] })
  myEntries(@CurrentUser() user: AuthenticatedUser, @Query() query: DateQuery): Promise<EntryView[]> {
    return this.entries(user.id, query);
  }

  @Get('accounts')
  @Roles('admin', 'accountant')
  @ApiRoute('Every balance (admins, accountants)', 400)
  @ApiOkResponse({ type: [BalanceDto] })
  accounts(@Query() query: LimitQuery): Promise<BalanceView[]> {
    return this.ledger.balances(query.limit ?? DEFAULT_LIMIT);
  }

  @Get('accounts/:id')
  @Roles('admin', 'accountant')
  @ApiRoute('One popug’s balance (admins, accountants)', 400, 404)
  @ApiOkResponse({ type: BalanceDto })
  account(@Param() { id }: IdParam): Promise<BalanceView> {
    return this.ledger.balanceOrFail(id);
  }

  @Get('accounts/:id/transactions')
  @Roles('admin', 'accountant')
  @ApiRoute('One popug’s ledger entries of a day (admins, accountants)', 400, 404)
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
