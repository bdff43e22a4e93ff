import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { SupervisionService } from './supervision.service';

/**
 * The node-local scheduler of 电子监察: runs the checks at boot and every SUPERVISION_INTERVAL_SECONDS, one run at a
 * time. Days come from the node's injected clock, so a test moves time and the next run sees it.
 */
@Injectable()
export class SupervisionScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Supervision');
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private busy = false;

  constructor(
    private readonly supervision: SupervisionService,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.config.supervision.intervalSeconds * 1000);
    this.timer.unref();
  }

  /** Stops the timer and waits for a run under way, before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.abort.abort();
    if (this.timer !== null) clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.busy || this.abort.signal.aborted) return;
    this.busy = true;
    this.running = this.supervision
      .check()
      .then(
        () => undefined,
        (error: unknown) => this.logger.warn(`supervision check failed, retrying at the next interval: ${String(error)}`),
      )
      .finally(() => {
        this.busy = false;
      });
  }
}
