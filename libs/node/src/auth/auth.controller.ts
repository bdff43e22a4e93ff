import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { AuthUser } from './auth-user';
import { ALL_ROLES, CurrentUser, Public, Roles } from './auth.decorators';
import { AuthService } from './auth.service';
import { LoginDto, LoginResponse, MeResponse } from './login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  @ApiUnauthorizedResponse({ description: 'unknown user or wrong password (the answer does not say which)' })
  @ApiTooManyRequestsResponse({ description: 'too many failed logins with this user name: locked for LOGIN_LOCKOUT_SECONDS' })
  login(@Body() body: LoginDto): Promise<LoginResponse> {
    return this.auth.login(body.username, body.password);
  }

  @Get('me')
  @Roles(...ALL_ROLES)
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentUser() user: AuthUser): MeResponse {
    return { id: user.id, username: user.username, roles: [...user.roles], nodeId: user.nodeId, station: user.station };
  }
}
