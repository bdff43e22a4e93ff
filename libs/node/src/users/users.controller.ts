import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { CreateUserDto, PageQueryDto, UserPageResponse, UserResponse } from './user.dto';
import { mapUser } from './user.mapper';
import { UsersService } from './users.service';

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
    return { items: items.map(mapUser), total, offset: query.offset, limit: query.limit };
  }

  @Post()
  @ApiCreatedResponse({ type: UserResponse })
  async create(@Body() body: CreateUserDto): Promise<UserResponse> {
    return mapUser(await this.users.create(body));
  }
}
