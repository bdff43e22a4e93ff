import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@liandong/shared';
import type { Role } from '@liandong/shared';
import { ROLES } from '@liandong/shared';

export class LoginDto {
  @ApiProperty({ example: 'window.clerk.01' })
  @IsString()
  @Length(1, 64)
  username!: string;

  @ApiProperty({ example: '********' })
  @IsString()
  @Length(1, 256)
  password!: string;
}

/** 修改密码: the user's current password and the new one (the password rules apply). */
export class ChangePasswordDto {
  @ApiProperty({ example: '********' })
  @IsString()
  @Length(1, 256)
  currentPassword!: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH, description: 'at least 10 characters mixing two kinds (lower, upper, digits, others), without the user name' })
  @IsString()
  @Length(1, MAX_PASSWORD_LENGTH)
  newPassword!: string;
}

export class MeResponse {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty() nodeId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'the village station of a village assistant' }) station!: string | null;
}

export class LoginResponse {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'seconds until the token expires' }) expiresIn!: number;
  @ApiProperty({ type: MeResponse }) user!: MeResponse;
}
