import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { PayloadDecoder } from '@liandong/sync';

/** Options of the node's replication that a caller of `createNodeApp` may set (see NodeModuleOptions). */
export interface SyncOptions {
  /**
   * Chooses the payload codec of each message type, given the built-in one (undefined when the type has none);
   * returning `builtIn` keeps it. A node started with a newer codec is what an upgraded node is: the federation test
   * of version skew "upgrades" a node with it (ADR 0014).
   */
  readonly payloadDecoders?: (type: string, builtIn: PayloadDecoder | undefined) => PayloadDecoder | undefined;
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
