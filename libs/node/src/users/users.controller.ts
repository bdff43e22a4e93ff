import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../access/auth-user';
import { CurrentUser, Roles } from '../access/auth.decorators';
import { CreateUserDto, PageQueryDto, UserPageResponse, UserResponse } from './user.dto';
import { mapUser } from './user.mapper';
import { UsersService, type UserWithLock } from './users.service';

const map = ({ user, lock }: UserWithLock): UserResponse => mapUser(user, lock);

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: UserPageResponse })
  async list(@Query() query: PageQueryDto): Promise<UserPageResponse> {
    const { items, total } = await this.users.page(query.offset, query.limit);
    return { items: items.map(map), total, offset: query.offset, limit: query.limit };
  }

  @Post()
  @ApiCreatedResponse({ type: UserResponse })
  async create(@Body() body: CreateUserDto): Promise<UserResponse> {
    return mapUser(await this.users.create(body));
  }

  /** 停用: no more logins, and the user's tokens are refused at once. */
  @Post(':id/disable')
  @HttpCode(200)
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse({ description: 'no such user' })
  @ApiConflictResponse({ description: 'an admin cannot disable their own account' })
  async disable(@Param('id') id: string, @CurrentUser() actor: AuthUser): Promise<UserResponse> {
    return map(await this.users.disable(id, actor));
  }

  /** 启用: the user may log in again. */
  @Post(':id/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse({ description: 'no such user' })
  async enable(@Param('id') id: string): Promise<UserResponse> {
    return map(await this.users.enable(id));
  }

  /** 结束会话: every token the user holds is refused from now on. */
  @Post(':id/end-sessions')
  @HttpCode(200)
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse({ description: 'no such user' })
  async endSessions(@Param('id') id: string): Promise<UserResponse> {
    return map(await this.users.endSessions(id));
  }

  /** 解锁: lifts a lock set after failed logins from many addresses. */
  @Post(':id/unlock')
  @HttpCode(200)
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse({ description: 'no such user' })
  async unlock(@Param('id') id: string): Promise<UserResponse> {
    return map(await this.users.unlock(id));
  }
}
