import { ConflictException, Controller, Get, Header, Inject, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Roles } from '../access/auth.decorators';
import { CLOCK, type Clock } from '../clock/clock';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { badRequest } from '../http/validation';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';
import { isNoticeKind, NOTICE_KINDS, NoticeUnavailableError, renderNotice } from './notices';

/** Printable notices of a case (受理 / 不予受理 / 补齐补正 / 决定书) as an HTML print view. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CaseNoticesController {
  constructor(
    private readonly cases: CasesService,
    private readonly repository: CasesRepository,
    private readonly dataSource: DataSource,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':caseId/notices/:kind')
  @Roles('window_clerk', 'admin', 'approver', 'supervisor')
  @ApiProduces('text/html')
  @ApiParam({ name: 'kind', enum: NOTICE_KINDS })
  @ApiOkResponse({ description: 'the notice as a printable HTML document (A4)' })
  @ApiBadRequestResponse({ description: 'unknown notice kind' })
  @ApiConflictResponse({ description: 'the case is not in a state where this notice exists' })
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async notice(@Param('caseId') caseId: string, @Param('kind') kind: string): Promise<string> {
    if (!isNoticeKind(kind)) throw badRequest([{ field: 'kind', reason: `must be one of ${NOTICE_KINDS.join(', ')}` }]);
    const entity = await this.cases.get(caseId);
    const events = await this.repository.events(this.dataSource.manager, caseId);
    try {
      return renderNotice(kind, entity, { nodeName: this.config.nodeName, regionCode: this.config.regionCode }, this.clock.now(), events);
    } catch (error) {
      if (error instanceof NoticeUnavailableError) {
        throw new ConflictException(error.message);
      }
      throw error;
    }
  }
}
