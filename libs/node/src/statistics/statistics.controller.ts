import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../access/auth.decorators';
import { XLSX_MIME } from '../catalogue/transfer/catalogue-transfer';
import { StatisticsExportQueryDto, StatisticsQueryDto } from './statistics.dto';
import { StatisticsService } from './statistics.service';

/** 统计: figures by period, tier, node, department and item, over the cases this node holds. */
@ApiTags('statistics')
@ApiBearerAuth()
@Roles('admin', 'supervisor')
@Controller('statistics')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Get()
  @ApiOkResponse({ description: '{ period, groupBy, rows, total }: counts and rates (0–1, null when nothing to count)' })
  table(@Query() query: StatisticsQueryDto) {
    return this.statistics.table(query);
  }

  /** The same table as CSV or .xlsx. */
  @Get('export')
  @ApiProduces('text/csv', XLSX_MIME)
  async export(@Query() query: StatisticsExportQueryDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const table = await this.statistics.table(query);
    const name = this.statistics.fileName(table, query.format);
    res.setHeader('content-disposition', `attachment; filename="statistics.${query.format}"; filename*=UTF-8''${encodeURIComponent(name)}`);
    if (query.format === 'csv') return new StreamableFile(this.statistics.csv(table), { type: 'text/csv; charset=utf-8' });
    return new StreamableFile(await this.statistics.xlsx(table), { type: XLSX_MIME });
  }
}
