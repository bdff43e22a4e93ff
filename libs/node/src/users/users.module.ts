import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordHasher } from './password-hasher';
import { UserEntity } from '../persistence/user.entity';
import { AccountLocksRepository } from './account-locks.repository';
import { UserSessionCache } from './user-session-cache';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity])],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, PasswordHasher, UserSessionCache, AccountLocksRepository],
  exports: [UsersRepository, UsersService, PasswordHasher, UserSessionCache, AccountLocksRepository],
})
export class UsersModule {}
