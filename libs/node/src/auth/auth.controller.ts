import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthUser } from '../access/auth-user';
import { ALL_ROLES, CurrentUser, Public, Roles } from '../access/auth.decorators';
import { AuthService, LoginThrottledException } from './auth.service';
import { ChangePasswordDto, LoginDto, LoginResponse, MeResponse } from './login.dto';

/** The client address throttling counts by: `req.ip`, which follows TRUST_PROXY. */
function clientAddress(req: Request): string {
  return (req.ip ?? 'unknown').slice(0, 64);
}

/** Runs `work`; a throttled answer gets its `Retry-After` header. */
async function withRetryAfter<T>(res: Response, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LoginThrottledException) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    throw error;
  }
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  @ApiUnauthorizedResponse({ description: 'unknown user or wrong password (the answer does not say which)' })
  @ApiTooManyRequestsResponse({
    description: 'this address failed too often with this user name (wait Retry-After seconds), or the account is locked after failures from many addresses',
  })
  login(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponse> {
    return withRetryAfter(res, () => this.auth.login(body.username, body.password, clientAddress(req)));
  }

  @Get('me')
  @Roles(...ALL_ROLES)
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentUser() user: AuthUser): MeResponse {
    return { id: user.id, username: user.username, roles: [...user.roles], nodeId: user.nodeId, station: user.station };
  }

  /** 修改密码: every older token of the user is refused afterwards; the answer is a new login. */
  @Post('password')
  @Roles(...ALL_ROLES)
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: LoginResponse, description: 'a new token; every token issued before is refused from now on' })
  @ApiBadRequestResponse({ description: 'wrong current password, or the new one breaks the password rules' })
  @ApiTooManyRequestsResponse({ description: 'too many wrong current passwords from this address' })
  changePassword(@Body() body: ChangePasswordDto, @CurrentUser() user: AuthUser, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponse> {
    return withRetryAfter(res, () => this.auth.changePassword(user, body.currentPassword, body.newPassword, clientAddress(req)));
  }
}
