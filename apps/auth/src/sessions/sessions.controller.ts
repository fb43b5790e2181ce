import { AuthenticatedUser, CurrentUser, Public } from '@ates/auth';
import { ApiRoute, tooMany } from '@ates/platform';
import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AccountView } from '../accounts/account.view';
import { AccountsService } from '../accounts/accounts.service';
import { SignupDto } from '../accounts/dto';
import { LoginDto, RefreshDto, TokenPairView } from './dto';
import { PasswordHasher } from './password-hasher';
import { SessionsService } from './sessions.service';
import { SignupLimit } from './signup-limit';

@ApiTags('auth')
@Controller('auth')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly accounts: AccountsService,
    private readonly hasher: PasswordHasher,
    private readonly signupLimit: SignupLimit,
  ) {}

  @Public()
  @Post('signup')
  @ApiRoute(
    'Sign up as a worker',
    400,
    [409, 'Username or e-mail already taken'],
    [429, 'Too many signups from this address'],
  )
  @ApiCreatedResponse({
    type: AccountView,
    description:
      'a new worker account; 409 if username or e-mail is taken; 429 after too many from one address',
  })
  async signup(@Body() body: SignupDto, @Ip() ip: string): Promise<AccountView> {
    const wait = this.signupLimit.take(ip);
    if (wait > 0) throw tooMany('Too many signups from this address', wait);
    const { password, ...rest } = body;
    const account = await this.accounts.create({
      ...rest,
      passwordHash: await this.hasher.hash(password),
      role: 'worker',
    });
    return AccountView.of(account);
  }

  @Public()
  @Post('login')
  @ApiRoute(
    'Log in: an access and a refresh token',
    400,
    [401, 'Invalid username or password'],
    [429, 'Too many failed logins for this username, try again later'],
  )
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairView, description: '401 for bad credentials, 429 while throttled' })
  login(@Body() body: LoginDto, @Ip() ip: string): Promise<TokenPairView> {
    return this.sessions.login(body.username, body.password, ip);
  }

  @Public()
  @Post('refresh')
  @ApiRoute('Trade a refresh token for a new pair (the used one stops working)', 400, [
    401,
    'Invalid refresh token',
  ])
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairView, description: 'a new pair; the used refresh token stops working' })
  refresh(@Body() body: RefreshDto): Promise<TokenPairView> {
    return this.sessions.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiRoute('Log out: the refresh token stops working', 400, 401, 403)
  @ApiNoContentResponse({ description: 'the refresh token stops working' })
  async logout(@CurrentUser() user: AuthenticatedUser, @Body() body: RefreshDto): Promise<void> {
    await this.sessions.logout(user.id, body.refreshToken);
  }
}
