import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEPARTMENT_CODE_PATTERN, ITEM_STATUSES, type ItemStatus, type ServiceItemContent } from '@liandong/shared';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQueryDto } from '../users/user.dto';

export class ItemQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'substring of the name or of a code', example: '公积金' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ description: 'exact 实施编码 or 基本编码' })
  @IsOptional()
  @Matches(/^[0-9A-Z]{1,36}$/, { message: 'code must be 1–36 digits or uppercase letters' })
  code?: string;

  @ApiPropertyOptional({ description: '事项类型 (GB/T 39046)', example: '01' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'itemType must be a 2-digit item type code' })
  itemType?: string;

  @ApiPropertyOptional({ description: 'handling department code' })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code' })
  department?: string;

  @ApiPropertyOptional({ enum: ITEM_STATUSES })
  @IsOptional()
  @IsIn(ITEM_STATUSES)
  status?: ItemStatus;
}

export class DecidableQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: "the township's 9-digit region code (default: this node, when it is a township)", example: '440117001' })
  @IsOptional()
  @IsString()
  township?: string;
}

export class ItemResponse {
  @ApiProperty() implCode!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ITEM_STATUSES }) status!: ItemStatus;
  @ApiProperty({ example: '已发布' }) statusName!: string;
  @ApiProperty({ description: '`all` or the owning district’s region code' }) scope!: string;
  @ApiProperty() ownerNode!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ description: 'ServiceItemContent (libs/shared/src/catalogue/service-item.ts)', type: Object }) content!: ServiceItemContent;
}

export class ItemPageResponse {
  @ApiProperty({ type: [ItemResponse] }) items!: ItemResponse[];
  @ApiProperty() total!: number;
  @ApiProperty() offset!: number;
  @ApiProperty() limit!: number;
}

export class ItemVersionResponse {
  @ApiProperty() implCode!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ITEM_STATUSES }) status!: ItemStatus;
  @ApiProperty({ example: 'published' }) change!: string;
  @ApiProperty() actor!: string;
  @ApiProperty() changedAt!: string;
  @ApiProperty({ type: Object }) content!: ServiceItemContent;
}
