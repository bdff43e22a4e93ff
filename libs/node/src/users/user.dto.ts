import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, ROLES, type Role } from '@liandong/shared';

export class CreateUserDto {
  @ApiProperty({ example: 'clerk02', description: '2–64 letters, digits, ".", "_" or "-"' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{2,64}$/, { message: 'username must be 2–64 letters, digits, ".", "_" or "-"' })
  username!: string;

  @ApiProperty({ example: '王小明' })
  @IsString()
  @Length(1, 100)
  displayName!: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, description: 'at least 10 characters mixing two kinds (lower, upper, digits, others), without the user name' })
  @IsString()
  @Length(1, MAX_PASSWORD_LENGTH)
  password!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiPropertyOptional({ example: '石坑村政务服务工作站', description: 'required for a village assistant: the station whose drafts they take' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  station?: string;
}

export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0, maximum: 1_000_000_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  offset = 0;

  @ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;
}

export class AccountLockResponse {
  @ApiProperty({ description: 'when the account was locked (ISO 8601)' }) since!: string;
  @ApiProperty({ description: 'until when it stays locked unless an admin unlocks it (ISO 8601)' }) until!: string;
  @ApiProperty({ description: 'distinct addresses whose failed logins locked it' }) addresses!: number;
}

export class UserResponse {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty() active!: boolean;
  @ApiProperty({ nullable: true, type: String }) station!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: AccountLockResponse, nullable: true, description: '锁定: set while the account is locked after failed logins from many addresses' })
  lock!: AccountLockResponse | null;
}

export class UserPageResponse {
  @ApiProperty({ type: [UserResponse] }) items!: UserResponse[];
  @ApiProperty() total!: number;
  @ApiProperty() offset!: number;
  @ApiProperty() limit!: number;
}
