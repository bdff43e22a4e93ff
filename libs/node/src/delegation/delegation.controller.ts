import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../access/auth-user';
import { ALL_ROLES, CASE_STAFF, CurrentUser, Roles, Tiers } from '../access/auth.decorators';
import { DecidableQueryDto, ItemPageResponse } from '../catalogue/catalogue.dto';
import { mapItem } from '../catalogue/catalogue.mapper';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { badRequest } from '../http/validation';
import { DelegationQueryDto, DelegationResponse, DelegationVersionResponse, GrantDelegationDto } from './delegation.dto';
import { mapDelegation, mapDelegationVersion } from './delegation.mapper';
import { DelegationService } from './delegation.service';

@ApiTags('delegation')
@ApiBearerAuth()
@Controller()
export class DelegationController {
  constructor(
    private readonly delegations: DelegationService,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  @Get('delegations')
  @Roles(...CASE_STAFF)
  @ApiOkResponse({ type: [DelegationResponse] })
  async list(@Query() query: DelegationQueryDto): Promise<DelegationResponse[]> {
    return (await this.delegations.list(query)).map(mapDelegation);
  }

  @Get('delegations/:id')
  @Roles(...CASE_STAFF)
  @ApiOkResponse({ type: DelegationResponse })
  async get(@Param('id') id: string): Promise<DelegationResponse> {
    return mapDelegation(await this.delegations.get(id));
  }

  @Get('delegations/:id/versions')
  @Roles(...CASE_STAFF)
  @ApiOkResponse({ type: [DelegationVersionResponse] })
  async versions(@Param('id') id: string): Promise<DelegationVersionResponse[]> {
    return (await this.delegations.versions(id)).map(mapDelegationVersion);
  }

  @Post('delegations')
  @Roles('admin')
  @Tiers('city', 'district')
  @ApiCreatedResponse({ type: DelegationResponse })
  async grant(@Body() body: GrantDelegationDto, @CurrentUser() user: AuthUser): Promise<DelegationResponse> {
    return mapDelegation(await this.delegations.grant(body, user.username));
  }

  @Post('delegations/:id/revoke')
  @Roles('admin')
  @Tiers('city', 'district')
  @HttpCode(200)
  @ApiOkResponse({ type: DelegationResponse })
  async revoke(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<DelegationResponse> {
    return mapDelegation(await this.delegations.revoke(id, user.username));
  }

  /** 本镇可办: items this township may decide itself (devolved to it, or township-level immediate items). */
  @Get('catalogue/decidable')
  @Roles(...ALL_ROLES)
  @ApiOkResponse({ type: ItemPageResponse })
  async decidable(@Query() query: DecidableQueryDto): Promise<ItemPageResponse> {
    const township = query.township ?? (this.config.tier === 'township' ? this.config.regionCode : undefined);
    if (township === undefined) throw badRequest([{ field: 'township', reason: 'is required on a city or district node' }]);
    const items = await this.delegations.decidable(township);
    return { items: items.slice(query.offset, query.offset + query.limit).map(mapItem), total: items.length, offset: query.offset, limit: query.limit };
  }
}
