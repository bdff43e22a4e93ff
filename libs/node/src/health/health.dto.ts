import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TIERS, type Tier } from '@liandong/shared';

export class ComponentHealth {
  @ApiProperty({ enum: ['up', 'down', 'connecting'] }) status!: 'up' | 'down' | 'connecting';
  @ApiPropertyOptional() detail?: string;
}

export class HealthChecks {
  @ApiProperty({ type: ComponentHealth }) database!: ComponentHealth;
  @ApiProperty({ type: ComponentHealth }) nats!: ComponentHealth;
}

export class NodeIdentity {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: TIERS }) tier!: Tier;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ nullable: true, type: String }) parentId!: string | null;
}

export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'degraded', 'down'] }) status!: 'ok' | 'degraded' | 'down';
  @ApiProperty({ type: NodeIdentity }) node!: NodeIdentity;
  @ApiProperty({ type: HealthChecks }) checks!: HealthChecks;
  @ApiProperty({ description: "the node's clock (ISO 8601): clients date their checks by it, not by a device clock that may be wrong" }) time!: string;
}
