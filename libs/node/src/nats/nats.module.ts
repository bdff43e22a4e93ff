import { Global, Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { NatsLink, nodeInboxPrefix } from '@liandong/sync';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';

/** Injection token of the node's `NatsLink`. */
export const NATS_LINK = Symbol('NATS_LINK');

/** Owns the node's NATS link: started at boot without waiting for it, drained at shutdown. */
@Global()
@Module({
  providers: [
    {
      provide: NATS_LINK,
      inject: [NODE_CONFIG],
      useFactory: (config: NodeConfig) =>
        new NatsLink({ servers: config.natsServers, name: config.nodeId, credentials: config.natsCredentials, inboxPrefix: nodeInboxPrefix(config.nodeId) }),
    },
  ],
  exports: [NATS_LINK],
})
export class NatsModule implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(NATS_LINK) private readonly link: NatsLink) {}

  onModuleInit(): void {
    this.link.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.link.stop();
  }
}
