import { AuthenticatedUser, CurrentUser, Roles } from '@ates/auth';
import { DEFAULT_LIMIT, IdParam, LimitQuery } from '@ates/platform';
import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AccountView } from './account.view';
import { AccountsService } from './accounts.service';
import { UpdateAccountDto } from './dto';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get('me')
  @ApiOkResponse({ type: AccountView })
  async me(@CurrentUser() user: AuthenticatedUser): Promise<AccountView> {
    return AccountView.of(await this.accounts.get(user.id));
  }

  @Get('accounts')
  @Roles('admin')
  @ApiOkResponse({ type: [AccountView] })
  async list(@Query() query: LimitQuery): Promise<AccountView[]> {
    return (await this.accounts.list(query.limit ?? DEFAULT_LIMIT)).map(AccountView.of);
  }

  @Patch('accounts/:id')
  @Roles('admin')
  @ApiOkResponse({ type: AccountView })
  async update(@Param() { id }: IdParam, @Body() patch: UpdateAccountDto): Promise<AccountView> {
    return AccountView.of(await this.accounts.update(id, patch));
  }
}
