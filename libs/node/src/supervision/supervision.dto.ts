import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { DEPARTMENT_CODE_PATTERN, WARNING_KINDS, type WarningKind } from '@liandong/shared';
import { NODE_ID_PATTERN } from '@liandong/sync';
import { IsIsoDate } from '../http/validation';
import { PageQueryDto } from '../users/user.dto';

export class WarningQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: WARNING_KINDS, description: '临期提醒 / 黄牌 / 红牌 / 容缺承诺逾期 / 差评整改逾期' })
  @IsOptional()
  @IsIn(WARNING_KINDS)
  level?: WarningKind;

  @ApiPropertyOptional({ example: 'SCJGJ' })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code' })
  department?: string;

  @ApiPropertyOptional({ description: 'the responsible node', example: 'jiekou' })
  @IsOptional()
  @Matches(NODE_ID_PATTERN, { message: 'node must be a node id' })
  node?: string;
}

/** Filters of the card list and counts; `from` and `to` are days of issue (both included). */
export class CardFilterDto {
  @ApiPropertyOptional({ enum: WARNING_KINDS })
  @IsOptional()
  @IsIn(WARNING_KINDS)
  kind?: WarningKind;

  @ApiPropertyOptional({ description: 'the responsible node', example: 'jiekou' })
  @IsOptional()
  @Matches(NODE_ID_PATTERN, { message: 'node must be a node id' })
  node?: string;

  @ApiPropertyOptional({ example: 'SCJGJ' })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code' })
  department?: string;

  @ApiPropertyOptional({ example: '2026-03-01' })
  @IsOptional()
  @IsIsoDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-31' })
  @IsOptional()
  @IsIsoDate()
  to?: string;
}

export class CardQueryDto extends IntersectionType(CardFilterDto, PageQueryDto) {}

export class CardSummaryQueryDto extends CardFilterDto {
  @ApiProperty({ enum: ['node', 'department', 'month'] })
  @IsIn(['node', 'department', 'month'])
  groupBy!: 'node' | 'department' | 'month';
}

export class SendNoticeDto {
  @ApiProperty({ description: 'the case to supervise' })
  @IsUUID()
  caseId!: string;

  @ApiProperty({ example: '该件已超承诺时限，请于两个工作日内办结并说明原因。' })
  @IsString()
  @Length(1, 1000)
  message!: string;
}

export class AnswerNoticeDto {
  @ApiProperty({ example: '已督促承办部门，将于明日办结。' })
  @IsString()
  @Length(1, 1000)
  answer!: string;
}

export class NoticeQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['received', 'sent'], description: 'received by this node, sent by it, or (absent) every notice it holds' })
  @IsOptional()
  @IsIn(['received', 'sent'])
  direction?: 'received' | 'sent';

  @ApiPropertyOptional({ enum: ['open', 'answered'] })
  @IsOptional()
  @IsIn(['open', 'answered'])
  status?: 'open' | 'answered';
}
