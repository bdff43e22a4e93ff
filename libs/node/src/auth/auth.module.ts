import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginThrottleRepository } from './login-throttle.repository';

@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [NODE_CONFIG],
      useFactory: (config: NodeConfig) => ({
        secret: config.jwtSecret,
        signOptions: { expiresIn: config.jwtTtlSeconds, issuer: config.nodeId, algorithm: 'HS256' },
        verifyOptions: { issuer: config.nodeId, algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, LoginThrottleRepository, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
