import { Body, ConflictException, Controller, Get, HttpCode, HttpException, HttpStatus, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { badRequest } from '../http/validation';
import type { AuthUser } from '../access/auth-user';
import { CASE_STAFF, CurrentUser, Public, Roles, Tiers } from '../access/auth.decorators';
import type { CaseEventPayloads, CaseEventType } from '@liandong/shared';
import { chinaDate, CLOCK, type Clock } from '../clock/clock';
import {
  AcceptCaseDto,
  CaseQueryDto,
  DecisionDto,
  DraftDto,
  ExtendDto,
  FeesDto,
  FollowUpDto,
  IssueDto,
  OpinionDto,
  ProcedureDto,
  PublicQueryDto,
  RecheckCaseDto,
  QueueQueryDto,
  RatingDto,
  ReviewDto,
  WithdrawDto,
} from './cases.dto';
import { mapCaseDetail, mapCaseSummary, mapPublicTimeline } from './cases.mapper';
import { CasesService } from './cases.service';
import { RateLimiter } from './rate-limiter';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** 综合受理: accept, refuse or ask for supplements; returns the case number, due date and the query code. */
  @Post()
  @Roles('window_clerk', 'admin')
  @ApiCreatedResponse({ description: 'the case, with the query code for the applicant (shown once)' })
  async accept(@Body() body: AcceptCaseDto, @CurrentUser() user: AuthUser) {
    const { caseId, queryCode, warnings } = await this.cases.accept(body, user);
    return { ...mapCaseDetail(await this.cases.get(caseId)), queryCode, warnings };
  }

  /** 补正后复核: the window that received the application decides again once it is supplemented (same case, same query code). */
  @Post(':caseId/accept')
  @Roles('window_clerk', 'admin')
  @HttpCode(200)
  @ApiOkResponse({ description: 'the case, accepted, refused or asked for supplements again' })
  async recheck(@Param('caseId') caseId: string, @Body() body: RecheckCaseDto, @CurrentUser() user: AuthUser) {
    const found = await this.cases.get(caseId);
    if (found.state.implCode === null || found.state.applicant === null) throw new ConflictException(`办件尚未提交 (case ${caseId} has no application)`);
    const { warnings } = await this.cases.accept({ ...body, implCode: found.state.implCode, applicant: found.state.applicant, resubmittedId: caseId }, user);
    return { ...mapCaseDetail(await this.cases.get(caseId)), warnings };
  }

  @Get()
  @Roles(...CASE_STAFF)
  @ApiOkResponse({ description: 'cases held by this node, applicants masked' })
  async list(@Query() query: CaseQueryDto) {
    const promises = query.promises === undefined ? undefined : query.promises === 'open' ? {} : { before: chinaDate(this.clock.now()) };
    const { items, total } = await this.cases.page({
      status: query.status,
      withConflicts: query.conflicts,
      toReview: query.review,
      promises,
      openFollowUps: query.followUps === 'open',
      offset: query.offset,
      limit: query.limit,
    });
    return { items: items.map(mapCaseSummary), total, offset: query.offset, limit: query.limit };
  }

  /** Takes one step of a case at this node and answers with the case as it is now. */
  private async step<T extends CaseEventType>(caseId: string, type: T, payload: CaseEventPayloads[T], user: AuthUser) {
    await this.cases.act(caseId, type, payload, user);
    return mapCaseDetail(await this.cases.get(caseId));
  }

  /** 代办: drafts at this node (a village assistant sees their own). */
  @Get('drafts')
  @Roles('village_assistant', 'window_clerk', 'admin')
  @Tiers('township')
  async drafts(@CurrentUser() user: AuthUser) {
    const items = await this.cases.drafts(user);
    return { items: items.map(mapCaseSummary), total: items.length };
  }

  /** 代办: a village assistant records an application for a villager; the same client id twice stores it once. */
  @Post('drafts')
  @Roles('village_assistant', 'window_clerk', 'admin')
  @Tiers('township')
  async draft(@Body() body: DraftDto, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response) {
    const { entity, created } = await this.cases.draft(body, user);
    res.status(created ? 201 : 200);
    return mapCaseDetail(entity);
  }

  /** 后台审批: the cases this node decides that wait for review or a decision. */
  @Get('queue')
  @Roles('approver', 'admin', 'supervisor')
  async queue(@Query() query: QueueQueryDto) {
    const { items, total } = await this.cases.queue(query.department, query.offset, query.limit);
    return { items: items.map(mapCaseSummary), total, offset: query.offset, limit: query.limit };
  }

  /** 容缺: the promised materials were delivered. */
  @Post(':caseId/materials-delivered')
  @Roles('window_clerk', 'admin')
  @HttpCode(200)
  async materialsDelivered(@Param('caseId') caseId: string, @CurrentUser() user: AuthUser) {
    return this.step(caseId, 'case.materials_delivered', {}, user);
  }

  /** 一费制: fees assessed and paid at the window before issuance. */
  @Post(':caseId/fees')
  @Roles('window_clerk', 'admin')
  @HttpCode(200)
  async fees(@Param('caseId') caseId: string, @Body() body: FeesDto, @CurrentUser() user: AuthUser) {
    const items = body.items.map((f) => ({ name: f.name, amountFen: f.amountFen }));
    return this.step(caseId, 'case.fees_settled', { items, totalFen: items.reduce((sum, f) => sum + f.amountFen, 0) }, user);
  }

  /** The window's answer to a 差评. */
  @Post(':caseId/follow-up')
  @Roles('window_clerk', 'admin')
  @HttpCode(200)
  async followUp(@Param('caseId') caseId: string, @Body() body: FollowUpDto, @CurrentUser() user: AuthUser) {
    return this.step(caseId, 'case.follow_up_answered', { note: body.note }, user);
  }

  @Get(':caseId')
  @Roles(...CASE_STAFF)
  async get(@Param('caseId') caseId: string) {
    return mapCaseDetail(await this.cases.get(caseId));
  }

  /** 材料已补正: the application goes back to the window's check. */
  @Post(':caseId/supplemented')
  @Roles('window_clerk', 'admin')
  @HttpCode(200)
  async supplemented(@Param('caseId') caseId: string, @CurrentUser() user: AuthUser) {
    return this.step(caseId, 'case.supplemented', {}, user);
  }

  /** 并联审批: a co-department's opinion; the lead decides after all of them. */
  @Post(':caseId/opinion')
  @Roles('approver', 'admin')
  @HttpCode(200)
  async opinion(@Param('caseId') caseId: string, @Body() body: OpinionDto, @CurrentUser() user: AuthUser) {
    return this.step(caseId, 'case.opinion_given', { department: body.department, opinion: body.opinion, note: body.note ?? '' }, user);
  }

  /** 特别程序 starts (hearing, inspection, expert review…): the clock stops. */
  @Post(':caseId/procedure-start')
  @Roles('approver', 'admin')
  @HttpCode(200)
  async procedureStart(@Param('caseId') caseId: string, @Body() body: ProcedureDto, @CurrentUser() user: AuthUser) {
    return this.step(caseId, 'case.procedure_started', { procedure: body.procedure }, user);
  }

  /** 特别程序 ends: the clock runs again. */
  @Post(':caseId/procedure-end')
  @Roles('approver', 'admin')
  @HttpCode(200)
  async procedureEnd(@Param('caseId') caseId: string, @Body() body: ProcedureDto, @CurrentUser() user: AuthUser) {
    return this.step(caseId, 'case.procedure_ended', { procedure: body.procedure }, user);
  }

  /** One extension within the statutory limit. */
  @Post(':caseId/extend')
  @Roles('approver', 'admin')
  @HttpCode(200)
  async extend(@Param('caseId') caseId: string, @Body() body: ExtendDto, @CurrentUser() user: AuthUser) {
    return this.step(caseId, 'case.extended', { days: body.days, reason: body.reason }, user);
  }

  @Post(':caseId/review')
  @Roles('approver', 'admin')
  @HttpCode(200)
  async review(@Param('caseId') caseId: string, @Body() body: ReviewDto, @CurrentUser() user: AuthUser) {
    return this.step(caseId, 'case.review_started', { department: body.department }, user);
  }

  /** 准予许可; the result goes back to the accepting window (待出件). */
  @Post(':caseId/approve')
  @Roles('approver', 'admin')
  @HttpCode(200)
  async approve(@Param('caseId') caseId: string, @Body() body: DecisionDto, @CurrentUser() user: AuthUser) {
    return this.step(caseId, 'case.approved', { reason: body.reason }, user);
  }

  /** 不予许可, with the legal basis; the decision goes back to the accepting window. */
  @Post(':caseId/deny')
  @Roles('approver', 'admin')
  @HttpCode(200)
  async deny(@Param('caseId') caseId: string, @Body() body: DecisionDto, @CurrentUser() user: AuthUser) {
    return this.step(caseId, 'case.denied', { reason: body.reason, legalBasis: body.legalBasis ?? '' }, user);
  }

  /** 统一窗口出件: at the window or by express. */
  @Post(':caseId/issue')
  @Roles('window_clerk', 'admin')
  @HttpCode(200)
  async issue(@Param('caseId') caseId: string, @Body() body: IssueDto, @CurrentUser() user: AuthUser) {
    if (body.method === 'express' && body.trackingNumber === undefined) throw badRequest([{ field: 'trackingNumber', reason: 'is required for express delivery (快递)' }]);
    return this.step(caseId, 'case.issued', { method: body.method, trackingNumber: body.trackingNumber ?? null }, user);
  }

  /** 重新生成查询码 at the accepting window: the new code, shown once; the old one stops working. */
  @Post(':caseId/query-code')
  @Roles('window_clerk', 'admin')
  @HttpCode(200)
  @ApiOkResponse({ description: 'the case number and the new query code (shown once, give it to the applicant)' })
  async reissueQueryCode(@Param('caseId') caseId: string, @CurrentUser() user: AuthUser): Promise<{ caseId: string; caseNumber: string; queryCode: string }> {
    return { caseId, ...(await this.cases.reissueQueryCode(caseId, user)) };
  }

  /** 撤件 by the applicant, before a decision. */
  @Post(':caseId/withdraw')
  @Roles('window_clerk', 'admin')
  @HttpCode(200)
  async withdraw(@Param('caseId') caseId: string, @Body() body: WithdrawDto, @CurrentUser() user: AuthUser) {
    return this.step(caseId, 'case.withdrawn', { reason: body.reason }, user);
  }
}

/**
 * 进度查询: open to applicants with the case number and the query code; rate-limited per client address, and 10 wrong
 * codes lock a case's query for an hour (answered like an unknown case, see CasesService.publicTimeline).
 */
@ApiTags('public')
@Public()
@Controller('public/cases')
export class PublicCasesController {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly cases: CasesService,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.limiter = new RateLimiter(20, 60_000, () => clock.now().getTime());
  }

  /** 429 after 20 requests a minute from one client address. */
  private throttle(req: Request): void {
    if (!this.limiter.allow(req.ip ?? 'unknown')) {
      throw new HttpException({ statusCode: 429, error: 'Too Many Requests', message: '请求过于频繁，请稍后再试 (too many requests)' }, HttpStatus.TOO_MANY_REQUESTS);
    }
  }

  @Get(':caseNumber')
  @ApiOkResponse({ description: 'the timeline with Chinese status names' })
  @ApiTooManyRequestsResponse({ description: 'more than 20 queries a minute from one address' })
  async query(@Param('caseNumber') caseNumber: string, @Query() query: PublicQueryDto, @Req() req: Request) {
    this.throttle(req);
    return mapPublicTimeline(await this.cases.publicTimeline(caseNumber, query.code));
  }

  /** 好差评 after conclusion: 1 非常满意 … 5 非常不满意; 4–5 open a follow-up for the window. */
  @Post(':caseNumber/rating')
  @HttpCode(200)
  async rate(@Param('caseNumber') caseNumber: string, @Body() body: RatingDto, @Req() req: Request) {
    this.throttle(req);
    return mapPublicTimeline(await this.cases.rate(caseNumber, body.code, body.score, body.comment ?? ''));
  }
}
