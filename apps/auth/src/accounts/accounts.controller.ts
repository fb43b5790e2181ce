import { AuthenticatedUser, CurrentUser, Roles } from '@ates/auth';
import { ApiAuthenticated, ApiRoute, DEFAULT_LIMIT, IdParam, LimitQuery } from '@ates/platform';
import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AccountView } from './account.view';
import { AccountsService } from './accounts.service';
import { UpdateAccountDto } from './dto';

@ApiTags('auth')
@ApiAuthenticated()
@Controller('auth')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get('me')
  @ApiRoute('The caller’s account')
  @ApiOkResponse({ type: AccountView })
  async me(@CurrentUser() user: AuthenticatedUser): Promise<AccountView> {
    return AccountView.of(await this.accounts.get(user.id));
  }

  @Get('accounts')
  @Roles('admin')
  @ApiRoute('List accounts (admins)', 400)
  @ApiOkResponse({ type: [AccountView] })
  async list(@Query() query: LimitQuery): Promise<AccountView[]> {
    return (await this.accounts.list(query.limit ?? DEFAULT_LIMIT)).map(AccountView.of);
  }

  @Patch('accounts/:id')
  @Roles('admin')
  @ApiRoute('Change an account’s role, e-mail, name or activity (admins)', 400, 404, [
    409,
    'E-mail already taken',
  ])
  @ApiOkResponse({ type: AccountView })
  async update(@Param() { id }: IdParam, @Body() patch: UpdateAccountDto): Promise<AccountView> {
    return AccountView.of(await this.accounts.update(id, patch));
  }
}
