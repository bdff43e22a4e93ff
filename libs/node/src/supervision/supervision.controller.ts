import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../access/auth-user';
import { CurrentUser, Roles, Tiers } from '../access/auth.decorators';
import { AnswerNoticeDto, CardQueryDto, CardSummaryQueryDto, NoticeQueryDto, SendNoticeDto, WarningQueryDto } from './supervision.dto';
import { mapCard, mapNotice, mapWarning } from './supervision.mapper';
import { SupervisionService } from './supervision.service';

/** 电子监察: warnings, cards and 督办 across the tiers. */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  /** The checks' last run (the node's clock), the interval and the thresholds in force. */
  @Get('status')
  @Roles('admin', 'supervisor', 'approver', 'window_clerk')
  status() {
    return this.supervision.status();
  }

  /** Warnings the cases held here carry today, the most severe first. */
  @Get('warnings')
  @Roles('admin', 'supervisor', 'approver', 'window_clerk')
  @ApiOkResponse({ description: 'open cases with a warning, computed in working days' })
  async warnings(@Query() query: WarningQueryDto) {
    const all = await this.supervision.warnings({ kind: query.level, department: query.department, node: query.node });
    return { items: all.slice(query.offset, query.offset + query.limit).map(mapWarning), total: all.length, offset: query.offset, limit: query.limit };
  }

  /** Cards issued (by this node, or by nodes below and replicated here), newest first. */
  @Get('cards')
  @Roles('admin', 'supervisor', 'approver', 'window_clerk')
  async cards(@Query() query: CardQueryDto) {
    const { items, total } = await this.supervision.cards(query, query.offset, query.limit);
    return { items: items.map(mapCard), total, offset: query.offset, limit: query.limit, checkedAt: this.supervision.status().lastCheck?.at ?? null };
  }

  /** Cards counted per node, department or month of issue. */
  @Get('cards/summary')
  @Roles('admin', 'supervisor')
  async summary(@Query() query: CardSummaryQueryDto) {
    return { groupBy: query.groupBy, rows: await this.supervision.summary(query, query.groupBy) };
  }

  /** 督办: a supervision notice to the node responsible for the case (city and districts). */
  @Post('notices')
  @Roles('admin', 'supervisor')
  @Tiers('city', 'district')
  @ApiCreatedResponse({ description: 'the notice, on its way to the responsible node' })
  async send(@Body() body: SendNoticeDto, @CurrentUser() user: AuthUser) {
    return mapNotice(await this.supervision.sendNotice(body.caseId, body.message, user));
  }

  @Get('notices')
  @Roles('admin', 'supervisor', 'approver', 'window_clerk')
  async notices(@Query() query: NoticeQueryDto) {
    const { items, total } = await this.supervision.notices(query.direction, query.status, query.offset, query.limit);
    return { items: items.map(mapNotice), total, offset: query.offset, limit: query.limit };
  }

  /** The responsible node answers a 督办. */
  @Post('notices/:id/answer')
  @Roles('admin', 'supervisor', 'approver', 'window_clerk')
  @HttpCode(200)
  async answer(@Param('id') id: string, @Body() body: AnswerNoticeDto, @CurrentUser() user: AuthUser) {
    return mapNotice(await this.supervision.answerNotice(id, body.answer, user));
  }
}
