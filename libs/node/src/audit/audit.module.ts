import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditRecorder } from './audit-recorder';
import { AuditRepository } from './audit.repository';

/** 全程留痕: the append-only audit log of every write request. */
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, AuditRecorder],
  exports: [AuditRecorder],
})
export class AuditModule {}
