import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { CASE_STATUSES, type CaseStatus } from '@liandong/shared';
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

export class AcceptCaseDto {
  @ApiProperty({ example: '114401170069401450000201001000' })
  @Matches(/^[0-9A-Z]{1,36}$/, { message: 'implCode must be 1–36 digits or uppercase letters' })
  implCode!: string;

  @ApiProperty({ type: ApplicantDto })
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
}

export class ReviewDto {
  @ApiProperty({ example: 'SCJGJ' })
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'department must be a department code' })
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
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'department must be a department code' })
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

export class CaseQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: CaseStatus;

  @ApiPropertyOptional({ description: 'only cases with conflicting events (listed for staff)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  conflicts?: boolean;

  @ApiPropertyOptional({ description: 'only cases flagged for review (e.g. decided under a revoked delegation)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  review?: boolean;
}

export class PublicQueryDto {
  @ApiProperty({ description: 'the query code given at acceptance' })
  @Matches(/^\d{8}$/, { message: 'code must be the 8-digit query code' })
  code!: string;
}
