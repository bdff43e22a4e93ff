import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { PayloadDecoder } from '@liandong/sync';

/** Options of the node's replication that a caller of `createNodeApp` may set (see NodeModuleOptions). */
export interface SyncOptions {
  /**
   * Payload codecs that replace the built-in one of a message type, by type. A node started with a newer codec is
   * what an upgraded node is: the federation test of version skew "upgrades" a node with it (ADR 0014).
   */
  readonly payloadDecoders?: Readonly<Record<string, PayloadDecoder>>;
}

export const SYNC_OPTIONS = Symbol('SYNC_OPTIONS');

/** Provides the SyncOptions to the SyncRuntime. */
@Global()
@Module({})
export class SyncOptionsModule {
  static forRoot(options: SyncOptions = {}): DynamicModule {
    return { module: SyncOptionsModule, providers: [{ provide: SYNC_OPTIONS, useValue: options }], exports: [SYNC_OPTIONS] };
  }
}
