import { Controller, Get, HttpCode, Post, Query, Req, Res, StreamableFile, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import type { Request, Response } from 'express';
import type { AuthUser } from '../../access/auth-user';
import { CurrentUser, Roles, Tiers } from '../../access/auth.decorators';
import { queryBoolean } from '../../http/validation';
import { XLSX_MIME, type CatalogueJson } from './catalogue-transfer';
import { CatalogueTransferService, type ImportSummary } from './catalogue-transfer.service';

export class ExportQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'xlsx'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['json', 'xlsx'])
  format: 'json' | 'xlsx' = 'xlsx';

  @ApiPropertyOptional({ enum: ['own', 'all'], default: 'own', description: 'own: items this node owns; all: every item it holds' })
  @IsOptional()
  @IsIn(['own', 'all'])
  include: 'own' | 'all' = 'own';
}

export class ImportQueryDto {
  @ApiPropertyOptional({ default: false, description: 'validate and report without writing anything' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  dryRun = false;
}

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller('catalogue')
export class CatalogueTransferController {
  constructor(private readonly transfer: CatalogueTransferService) {}

  /** The catalogue as an Excel workbook (事项, 申请材料, 收费, 说明) or as JSON. */
  @Get('export')
  @Roles('admin', 'supervisor')
  @ApiProduces(XLSX_MIME, 'application/json')
  async export(@Query() query: ExportQueryDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile | CatalogueJson> {
    const all = query.include === 'all';
    if (query.format === 'json') return this.transfer.exportJson(all);
    const data = await this.transfer.exportXlsx(all);
    res.setHeader('content-disposition', `attachment; filename="catalogue.xlsx"; filename*=UTF-8''${encodeURIComponent('事项目录.xlsx')}`);
    return new StreamableFile(data, { type: XLSX_MIME });
  }

  /**
   * Imports a workbook (body: the .xlsx bytes, Content-Type `${XLSX_MIME}`) or JSON (`{ items: [{ content, status }] }`,
   * an export file is one). Every row is checked first; any problem → 400 listing them all, nothing imported.
   */
  @Post('import')
  @Roles('admin')
  @Tiers('city', 'district')
  @HttpCode(200)
  @ApiConsumes(XLSX_MIME, 'application/json')
  @ApiBody({ description: 'an .xlsx workbook or the JSON export format' })
  @ApiOkResponse({ description: '{ dryRun, created, updated, unchanged, items }' })
  import(@Req() req: Request, @Query() query: ImportQueryDto, @CurrentUser() user: AuthUser): Promise<ImportSummary> {
    if (req.is(XLSX_MIME) !== false && Buffer.isBuffer(req.body)) return this.transfer.importXlsx(req.body, user.username, query.dryRun);
    if (req.is('application/json') !== false) return this.transfer.importJson(req.body, user.username, query.dryRun);
    throw new UnsupportedMediaTypeException(`请上传 .xlsx 工作簿或 JSON (send ${XLSX_MIME} or application/json)`);
  }
}
