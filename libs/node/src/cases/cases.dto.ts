import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { CASE_STATUSES, DEPARTMENT_CODE_PATTERN, QUERY_CODE_INPUT, QUERY_CODE_MESSAGE, type CaseStatus } from '@liandong/shared';
import { queryBoolean } from '../http/validation';
import { PageQueryDto } from '../users/user.dto';

export class ApplicantDto {
  @ApiProperty({ enum: ['person', 'organisation'] })
  @IsIn(['person', 'organisation'])
  kind!: 'person' | 'organisation';

  @ApiProperty({ example: '张三' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ description: '居民身份证号 (person) or 统一社会信用代码 (organisation)', example: '440106199001011230' })
  @IsString()
  @Length(1, 32)
  idNumber!: string;

  @ApiProperty({ example: '13812345678' })
  @Matches(/^[0-9+\- ]{5,20}$/, { message: 'phone must be 5–20 digits (with optional +, - or spaces)' })
  phone!: string;
}

export class ToleratedDto {
  @ApiProperty({ type: [String], description: 'materials of the item that allow 容缺, promised for later' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  materials!: string[];

  @ApiProperty({ example: '2026-12-01' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'due must be a date YYYY-MM-DD' })
  due!: string;
}

export class AcceptCaseDto {
  @ApiProperty({ example: '114401170069401450000201001000' })
  @Matches(/^[0-9A-Z]{1,36}$/, { message: 'implCode must be 1–36 digits or uppercase letters' })
  implCode!: string;

  @ApiProperty({ type: ApplicantDto })
  @IsObject({ message: 'applicant must be an object { kind, name, idNumber, phone }' })
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant!: ApplicantDto;

  @ApiProperty({ enum: ['accept', 'refuse', 'supplement'], description: '受理 / 不予受理 / 补齐补正' })
  @IsIn(['accept', 'refuse', 'supplement'])
  outcome!: 'accept' | 'refuse' | 'supplement';

  @ApiPropertyOptional({ type: [String], description: 'supplement: everything missing, at once' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  missing?: string[];

  @ApiPropertyOptional({ description: 'refuse: the reason' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;

  @ApiPropertyOptional({ description: 'refuse: the legal basis' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  legalBasis?: string;

  @ApiPropertyOptional({ type: [String], description: 'the checklist: materials of the item version handed in at the window' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  received?: string[];

  @ApiPropertyOptional({ description: 'submit this village-station draft (代办) instead of starting a new case' })
  @IsOptional()
  @IsUUID()
  draftId?: string;

  @ApiPropertyOptional({ type: ToleratedDto, description: '容缺受理: accept with promised materials' })
  @IsOptional()
  @IsObject({ message: 'tolerated must be an object { materials, due }' })
  @ValidateNested()
  @Type(() => ToleratedDto)
  tolerated?: ToleratedDto;

  @ApiPropertyOptional({ enum: ['window', 'online'], default: 'window', description: '窗口 or 网上申报 (only for items handled online); a draft is 代办' })
  @IsOptional()
  @IsIn(['window', 'online'])
  channel?: 'window' | 'online';
}

/** 补正后复核: the window decides again on an application back after its supplement. */
export class RecheckCaseDto extends PickType(AcceptCaseDto, ['outcome', 'missing', 'reason', 'legalBasis', 'received', 'tolerated'] as const) {}

export class DraftDto {
  @ApiProperty({ description: 'a UUID made by the client, so that a draft sent twice is stored once' })
  @IsUUID()
  id!: string;

  @ApiProperty({ example: '114401170069401450000201001000' })
  @Matches(/^[0-9A-Z]{1,36}$/, { message: 'implCode must be 1–36 digits or uppercase letters' })
  implCode!: string;

  @ApiProperty({ type: ApplicantDto })
  @IsObject({ message: 'applicant must be an object { kind, name, idNumber, phone }' })
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant!: ApplicantDto;

  @ApiPropertyOptional({ example: '温泉镇石坑村政务服务工作站', description: "a village assistant's own station when absent (another is refused); required for window staff" })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  station?: string;
}

export class ReviewDto {
  @ApiProperty({ example: 'SCJGJ' })
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code' })
  department!: string;
}

export class DecisionDto {
  @ApiProperty({ example: '符合法定条件' })
  @IsString()
  @Length(1, 1000)
  reason!: string;

  @ApiPropertyOptional({ description: 'required when denying' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  legalBasis?: string;
}

export class IssueDto {
  @ApiProperty({ enum: ['window', 'express'] })
  @IsIn(['window', 'express'])
  method!: 'window' | 'express';

  @ApiPropertyOptional({ description: 'express: the tracking number' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{6,40}$/, { message: 'trackingNumber must be 6–40 letters, digits or "-"' })
  trackingNumber?: string;
}

export class WithdrawDto {
  @ApiProperty({ example: '申请人主动撤回' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class OpinionDto {
  @ApiProperty({ example: 'SZJJ' })
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code' })
  department!: string;

  @ApiProperty({ enum: ['agree', 'disagree'] })
  @IsIn(['agree', 'disagree'])
  opinion!: 'agree' | 'disagree';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  note?: string;
}

export class ProcedureDto {
  @ApiProperty({ example: '现场勘验', description: '听证, 现场勘验, 专家评审, …' })
  @IsString()
  @Length(1, 100)
  procedure!: string;
}

export class ExtendDto {
  @ApiProperty({ example: 10, description: 'working days' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(60)
  days!: number;

  @ApiProperty({ example: '情况复杂，经负责人批准延长' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class FeeDto {
  @ApiProperty({ example: '工本费' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 2000, description: 'fen' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  amountFen!: number;
}

export class FeesDto {
  @ApiProperty({ type: [FeeDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => FeeDto)
  items!: FeeDto[];
}

export class FollowUpDto {
  @ApiProperty({ example: '已电话回访，申请人表示理解' })
  @IsString()
  @Length(1, 1000)
  note!: string;
}

export class RatingDto {
  @ApiProperty({ description: 'the query code given at acceptance: 12 characters (any case, with or without "-"), or an older 8-digit one', example: 'ABCD-EFGH-JKMN', pattern: QUERY_CODE_INPUT.source })
  @Matches(QUERY_CODE_INPUT, { message: QUERY_CODE_MESSAGE })
  code!: string;

  @ApiProperty({ enum: [1, 2, 3, 4, 5], description: '1 非常满意, 2 满意, 3 基本满意, 4 不满意, 5 非常不满意' })
  @Type(() => Number)
  @IsIn([1, 2, 3, 4, 5])
  score!: 1 | 2 | 3 | 4 | 5;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 500)
  comment?: string;
}

export class QueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'handling department code' })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code' })
  department?: string;
}

export class CaseQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: CaseStatus;

  @ApiPropertyOptional({ description: 'only cases with conflicting events (listed for staff)' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  conflicts?: boolean;

  @ApiPropertyOptional({ description: 'only cases flagged for review (e.g. decided under a revoked delegation)' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  review?: boolean;

  @ApiPropertyOptional({ enum: ['open', 'overdue'], description: '容缺 promises not delivered (overdue: past their due date)' })
  @IsOptional()
  @IsIn(['open', 'overdue'])
  promises?: 'open' | 'overdue';

  @ApiPropertyOptional({ enum: ['open'], description: '差评 whose follow-up is not answered' })
  @IsOptional()
  @IsIn(['open'])
  followUps?: 'open';
}

export class PublicQueryDto {
  @ApiProperty({ description: 'the query code given at acceptance: 12 characters (any case, with or without "-"), or an older 8-digit one', example: 'ABCD-EFGH-JKMN', pattern: QUERY_CODE_INPUT.source })
  @Matches(QUERY_CODE_INPUT, { message: QUERY_CODE_MESSAGE })
  code!: string;
}
