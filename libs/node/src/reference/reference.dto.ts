import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { DEPARTMENT_CODE_PATTERN } from '@liandong/shared';

export class CreateDepartmentDto {
  @ApiProperty({ example: 'QSCJGJ', description: 'letters, digits, "-", "_" (1–32)' })
  @IsString()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'code must be 1–32 letters, digits, "-" or "_"' })
  code!: string;

  @ApiProperty({ example: '区市场监督管理局' })
  @IsString()
  @Length(1, 100)
  name!: string;
}

export class UpdateDepartmentDto {
  @ApiPropertyOptional({ example: '区市场监督管理局' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class DepartmentResponse {
  @ApiProperty() nodeId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty() version!: number;
}

export class DueDateQueryDto {
  @ApiProperty({ example: '2026-02-13', description: 'day of acceptance (not counted)' })
  @IsString()
  from!: string;

  @ApiProperty({ example: 3, description: 'working days' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(720)
  days!: number;
}

export class DueDateResponse {
  @ApiProperty() from!: string;
  @ApiProperty() days!: number;
  @ApiProperty() due!: string;
}

export class HolidayDto {
  @ApiProperty({ example: '春节' }) name!: string;
  @ApiProperty({ example: '2026-02-15' }) from!: string;
  @ApiProperty({ example: '2026-02-23' }) to!: string;
}

export class CalendarYearResponse {
  @ApiProperty() year!: number;
  @ApiProperty({ type: [HolidayDto] }) holidays!: HolidayDto[];
  @ApiProperty({ type: [String] }) makeUpWorkdays!: string[];
  @ApiProperty() source!: string;
  @ApiProperty() version!: number;
}
