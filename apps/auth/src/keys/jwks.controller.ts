import { Public } from '@ates/auth';
import {} from '@ates/platform';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SigningKeysService } from './signing-keys.service';

@ApiTags('auth')
@Controller('auth/.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeysService) {}

  @Public()
  @Get('jwks.json')
  @ApiOperation({ summary: 'The public keys that sign access tokens (JWKS)' })
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOkResponse({ description: 'JWKS with the public keys that sign access tokens' })
  jwks() {
    return this.keys.jwks();
  }
}
