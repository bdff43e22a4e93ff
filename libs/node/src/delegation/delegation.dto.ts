import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';

export class DelegationTargetDto {
  @ApiProperty({ enum: ['township', 'district', 'all'], description: 'one township, all townships of a district, or all townships' })
  @IsIn(['township', 'district', 'all'])
  kind!: 'township' | 'district' | 'all';

  @ApiPropertyOptional({ example: '440117001', description: '9 digits for a township, 6 for a district; absent for all' })
  @IsOptional()
  @IsString()
  regionCode?: string;
}

export class GrantDelegationDto {
  @ApiProperty({ example: '114401170069401450000201001000' })
  @IsString()
  @Matches(/^[0-9A-Z]{1,36}$/, { message: 'implCode must be 1–36 digits or uppercase letters' })
  implCode!: string;

  @ApiProperty({ enum: ['devolved', 'entrusted'], description: 'devolved (下放): the township decides; entrusted (委托受理): it accepts and issues' })
  @IsIn(['devolved', 'entrusted'])
  mode!: 'devolved' | 'entrusted';

  @ApiProperty({ type: DelegationTargetDto })
  @IsObject({ message: 'target must be an object { kind, regionCode }' })
  @ValidateNested()
  @Type(() => DelegationTargetDto)
  target!: DelegationTargetDto;

  @ApiProperty({ example: '2026-01-01' })
  @IsString()
  effectiveFrom!: string;
}

export class DelegationQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  implCode?: string;

  @ApiPropertyOptional({ enum: ['active', 'revoked'] })
  @IsOptional()
  @IsIn(['active', 'revoked'])
  status?: 'active' | 'revoked';
}

export class DelegationResponse {
  @ApiProperty() id!: string;
  @ApiProperty() implCode!: string;
  @ApiProperty({ enum: ['devolved', 'entrusted'] }) mode!: string;
  @ApiProperty({ type: DelegationTargetDto }) target!: DelegationTargetDto;
  @ApiProperty() effectiveFrom!: string;
  @ApiProperty({ enum: ['active', 'revoked'] }) status!: string;
  @ApiProperty() version!: number;
  @ApiProperty() ownerNode!: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
}

export class DelegationVersionResponse {
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['granted', 'revoked'] }) change!: string;
  @ApiProperty() actor!: string;
  @ApiProperty() changedAt!: string;
  @ApiProperty({ type: DelegationResponse }) delegation!: DelegationResponse;
}
