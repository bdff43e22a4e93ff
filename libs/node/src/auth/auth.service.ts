import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { UsersRepository } from '../users/users.repository';
import type { TokenClaims } from './auth-user';
import type { LoginResponse } from './login.dto';
import { PasswordHasher } from './password-hasher';

/** The same answer for an unknown user and a wrong password, so a caller cannot tell which it was. */
const LOGIN_FAILED = '用户名或密码错误 (invalid username or password)';

@Injectable()
export class AuthService {
  /** Verified against when the user does not exist, so both failures take about the same time. */
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  async login(username: string, password: string): Promise<LoginResponse> {
    const user = await this.users.findByUsername(username);
    if (user === null || !user.active) {
      this.dummyHash ??= this.hasher.hash('not-a-real-password');
      await this.hasher.verify(await this.dummyHash, password);
      throw new UnauthorizedException(LOGIN_FAILED);
    }
    if (!(await this.hasher.verify(user.passwordHash, password))) {
      throw new UnauthorizedException(LOGIN_FAILED);
    }
    const claims: TokenClaims = { sub: user.id, username: user.username, roles: user.roles, node: this.config.nodeId };
    const accessToken = await this.jwt.signAsync(claims);
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.jwtTtlSeconds,
      user: { id: user.id, username: user.username, roles: user.roles, nodeId: this.config.nodeId },
    };
  }
}
