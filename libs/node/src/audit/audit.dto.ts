import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsIsoDate } from '../http/validation';
import { PageQueryDto } from '../users/user.dto';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'window.clerk.01', description: 'user name' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'actor must be a user name' })
  actor?: string;

  @ApiPropertyOptional({ example: '/cases', description: 'route pattern prefix' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  route?: string;

  @ApiPropertyOptional({ example: '2026-03-01', description: 'first day (UTC date of the entry time)' })
  @IsOptional()
  @IsIsoDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'last day' })
  @IsOptional()
  @IsIsoDate()
  to?: string;
}
