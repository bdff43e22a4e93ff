import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { Role } from '@liandong/shared';
import { ROLES } from '@liandong/shared';

export class LoginDto {
  @ApiProperty({ example: 'clerk' })
  @IsString()
  @Length(1, 64)
  username!: string;

  @ApiProperty({ example: '********' })
  @IsString()
  @Length(1, 256)
  password!: string;
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
