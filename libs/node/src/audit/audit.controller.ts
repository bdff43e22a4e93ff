import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../access/auth.decorators';
import { AuditQueryDto } from './audit.dto';
import { AuditRepository } from './audit.repository';

/** 全程留痕: the audit log can be read, never changed: this controller has no write route. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin', 'supervisor')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  @ApiOkResponse({ description: 'audit entries, newest first' })
  async list(@Query() query: AuditQueryDto) {
    // `to` is a whole day: compare with the day after it.
    const to = query.to === undefined ? undefined : `${query.to}T23:59:59.999Z`;
    const { items, total } = await this.audit.page({ actor: query.actor, route: query.route, from: query.from, to }, query.offset, query.limit);
    return { items, total, offset: query.offset, limit: query.limit };
  }
}
