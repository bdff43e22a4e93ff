import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { NodeConfig } from './node-config';

/** Injection token of the validated `NodeConfig`. */
export const NODE_CONFIG = Symbol('NODE_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: NodeConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: NODE_CONFIG, useValue: config }], exports: [NODE_CONFIG] };
  }
}
