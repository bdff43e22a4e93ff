import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { validateServiceItemContent } from '@liandong/shared';
import type { AuthUser } from '../access/auth-user';
import { ALL_ROLES, CurrentUser, Roles, Tiers } from '../access/auth.decorators';
import { badRequest, validOrThrow } from '../http/validation';
import { ItemPageResponse, ItemQueryDto, ItemResponse, ItemVersionResponse } from './catalogue.dto';
import { mapItem, mapItemVersion } from './catalogue.mapper';
import { CatalogueService, type ItemAction } from './catalogue.service';

const versionPipe = new ParseIntPipe({ exceptionFactory: () => badRequest([{ field: 'version', reason: 'must be an integer' }]) });
const ITEM_BODY = { description: 'ServiceItemContent (libs/shared/src/catalogue/service-item.ts); every field is validated', schema: { type: 'object' } };

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller('catalogue/items')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  /** Window search: by code, name substring, type, department, status; paginated. */
  @Get()
  @Roles(...ALL_ROLES)
  @ApiOkResponse({ type: ItemPageResponse })
  async search(@Query() query: ItemQueryDto): Promise<ItemPageResponse> {
    const { items, total } = await this.catalogue.page(query);
    return { items: items.map(mapItem), total, offset: query.offset, limit: query.limit };
  }

  @Get(':implCode')
  @Roles(...ALL_ROLES)
  @ApiOkResponse({ type: ItemResponse })
  async get(@Param('implCode') implCode: string): Promise<ItemResponse> {
    return mapItem(await this.catalogue.get(implCode));
  }

  @Get(':implCode/versions')
  @Roles(...ALL_ROLES)
  @ApiOkResponse({ type: [ItemVersionResponse] })
  async versions(@Param('implCode') implCode: string): Promise<ItemVersionResponse[]> {
    return (await this.catalogue.versions(implCode)).map(mapItemVersion);
  }

  @Get(':implCode/versions/:version')
  @Roles(...ALL_ROLES)
  @ApiOkResponse({ type: ItemVersionResponse })
  async version(@Param('implCode') implCode: string, @Param('version', versionPipe) version: number): Promise<ItemVersionResponse> {
    return mapItemVersion(await this.catalogue.version(implCode, version));
  }

  @Post()
  @Roles('admin')
  @Tiers('city', 'district')
  @ApiBody(ITEM_BODY)
  @ApiCreatedResponse({ type: ItemResponse })
  async create(@Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ItemResponse> {
    return mapItem(await this.catalogue.create(validOrThrow(validateServiceItemContent(body)), user.username));
  }

  @Put(':implCode')
  @Roles('admin')
  @Tiers('city', 'district')
  @ApiBody(ITEM_BODY)
  @ApiOkResponse({ type: ItemResponse })
  async update(@Param('implCode') implCode: string, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ItemResponse> {
    return mapItem(await this.catalogue.update(implCode, validOrThrow(validateServiceItemContent(body)), user.username));
  }

  @Post(':implCode/publish')
  @Roles('admin')
  @Tiers('city', 'district')
  @HttpCode(200)
  @ApiOkResponse({ type: ItemResponse })
  publish(@Param('implCode') implCode: string, @CurrentUser() user: AuthUser): Promise<ItemResponse> {
    return this.act(implCode, 'publish', user);
  }

  @Post(':implCode/suspend')
  @Roles('admin')
  @Tiers('city', 'district')
  @HttpCode(200)
  @ApiOkResponse({ type: ItemResponse })
  suspend(@Param('implCode') implCode: string, @CurrentUser() user: AuthUser): Promise<ItemResponse> {
    return this.act(implCode, 'suspend', user);
  }

  @Post(':implCode/resume')
  @Roles('admin')
  @Tiers('city', 'district')
  @HttpCode(200)
  @ApiOkResponse({ type: ItemResponse })
  resume(@Param('implCode') implCode: string, @CurrentUser() user: AuthUser): Promise<ItemResponse> {
    return this.act(implCode, 'resume', user);
  }

  @Post(':implCode/cancel')
  @Roles('admin')
  @Tiers('city', 'district')
  @HttpCode(200)
  @ApiOkResponse({ type: ItemResponse })
  cancel(@Param('implCode') implCode: string, @CurrentUser() user: AuthUser): Promise<ItemResponse> {
    return this.act(implCode, 'cancel', user);
  }

  private async act(implCode: string, action: ItemAction, user: AuthUser): Promise<ItemResponse> {
    return mapItem(await this.catalogue.act(implCode, action, user.username));
  }
}
