import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One value of a gauge, with its labels (every label the gauge declares). */
export interface GaugeSample<L extends string = string> {
  readonly labels?: Readonly<Record<L, string | number>>;
  readonly value: number;
}

export interface GaugeOptions<L extends string = string> {
  /** Prometheus name, `liandong_<area>_<what>[_<unit>]`, e.g. `liandong_supervision_warnings_open`. */
  readonly name: string;
  readonly help: string;
  /** @default [] */
  readonly labelNames?: readonly L[];
  /**
   * Called at every scrape; returns the gauge's current samples (what it returned last time is forgotten, so a label
   * set that is gone disappears). Never put personal data or a raw id of a case or a user into a label.
   */
  readonly collect: () => Promise<Iterable<GaugeSample<L>>> | Iterable<GaugeSample<L>>;
}

export interface CounterOptions<L extends string = string> {
  readonly name: string;
  readonly help: string;
  /** @default [] */
  readonly labelNames?: readonly L[];
}

/**
 * The node's Prometheus registry: one per Nest application (tests run several nodes in one process, so prom-client's
 * global registry is never used). Modules add their metrics here at init; `GET /metrics` exposes them.
 *
 * ```ts
 * constructor(metrics: MetricsService, warnings: WarningsRepository) {
 *   metrics.gauge({
 *     name: 'liandong_supervision_warnings_open',
 *     help: 'Open warnings, by kind',
 *     labelNames: ['kind'],
 *     collect: async () => (await warnings.openByKind()).map((w) => ({ labels: { kind: w.kind }, value: w.count })),
 *   });
 * }
 * ```
 * A name registered twice throws at boot. A collect that throws is logged and leaves its gauge empty for that scrape
 * (NaN when it has no labels); the other metrics are still exposed.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger('Metrics');
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'liandong_' });
  }

  /** A gauge whose samples `collect` computes at each scrape. */
  gauge<L extends string>(options: GaugeOptions<L>): void {
    const read = () => this.read(options);
    new Gauge<L>({
      ...this.base(options),
      async collect() {
        const samples = await read();
        this.reset();
        if (samples === null) {
          // An unlabelled gauge cannot be absent in prom-client; NaN says "unknown" (never a false 0).
          if ((options.labelNames ?? []).length === 0) this.set(Number.NaN);
          return;
        }
        for (const sample of samples) {
          if (sample.labels === undefined) this.set(sample.value);
          else this.set(sample.labels as Partial<Record<L, string | number>>, sample.value);
        }
      },
    });
  }

  /**
   * A counter whose totals `collect` reads at each scrape, for counts a component already keeps (e.g. messages applied
   * since the node started); they start again from 0 when the node restarts, as Prometheus expects of a counter. The
   * name ends in `_total`. A collect that throws is logged and the counter keeps the totals of the last scrape.
   */
  collectedCounter<L extends string>(options: GaugeOptions<L>): void {
    const read = () => this.read(options);
    new Counter<L>({
      ...this.base(options),
      async collect() {
        const samples = await read();
        if (samples === null) return;
        this.reset();
        for (const sample of samples) {
          if (sample.labels === undefined) this.inc(sample.value);
          else this.inc(sample.labels as Partial<Record<L, string | number>>, sample.value);
        }
      },
    });
  }

  /** A counter the caller increments. */
  counter<L extends string>(options: CounterOptions<L>): Counter<L> {
    return new Counter<L>(this.base(options));
  }

  /** A histogram the caller observes into. @param buckets upper bounds. */
  histogram<L extends string>(options: CounterOptions<L> & { readonly buckets: readonly number[] }): Histogram<L> {
    return new Histogram<L>({
      ...this.base(options),
      buckets: [...options.buckets],
    });
  }

  /** What every metric of this registry is made with. */
  private base<L extends string>(options: CounterOptions<L>): { name: string; help: string; labelNames: readonly L[]; registers: Registry[] } {
    return { name: options.name, help: options.help, labelNames: options.labelNames ?? [], registers: [this.registry] };
  }

  /** The samples `collect` gives, or null (logged) when it fails. */
  private async read<L extends string>(options: GaugeOptions<L>): Promise<Array<GaugeSample<L>> | null> {
    try {
      return [...(await options.collect())];
    } catch (error) {
      this.logger.warn(`metric ${options.name} not collected: ${String(error)}`);
      return null;
    }
  }

  /** The exposition text of every metric, and its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
