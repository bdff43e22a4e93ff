import { Injectable, type OnModuleInit } from '@nestjs/common';
import { WARNING_KINDS } from '@liandong/shared';
import { MetricsService } from '../metrics/metrics.service';
import { SupervisionService } from './supervision.service';

/** The supervision gauges of `/metrics`: warnings the cases held here carry now, cards issued, 督办 still open. */
@Injectable()
export class SupervisionMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly supervision: SupervisionService,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge({
      name: 'liandong_supervision_warnings_open',
      help: 'Warnings the cases held by this node carry today, by kind',
      labelNames: ['kind'],
      collect: async () => {
        const warnings = await this.supervision.warnings({});
        return WARNING_KINDS.map((kind) => ({ labels: { kind }, value: warnings.filter((w) => w.kind === kind).length }));
      },
    });
    this.metrics.gauge({
      name: 'liandong_supervision_cards',
      help: 'Cards held by this node (issued here or replicated from below), by kind',
      labelNames: ['kind'],
      collect: async () => {
        const totals = await this.supervision.cardTotals();
        return WARNING_KINDS.map((kind) => ({ labels: { kind }, value: totals.get(kind) ?? 0 }));
      },
    });
    this.metrics.gauge({
      name: 'liandong_supervision_notices_open',
      help: '督办 notices sent to this node and not answered yet',
      collect: async () => [{ value: (await this.supervision.notices('received', 'open', 0, 1)).total }],
    });
  }
}
