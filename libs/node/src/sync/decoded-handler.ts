import type { EntityManager } from 'typeorm';
import type { VersionedDecoder } from '@liandong/shared';
import type { Envelope, MessageHandler, MessageMeta } from '@liandong/sync';

/** A message handler whose authorize and apply receive the payload its decoder produced, in its type. */
export interface DecodedHandler<P> {
  readonly type: string;
  readonly payload: VersionedDecoder<P>;
  authorize(envelope: Envelope<P>, meta: MessageMeta): string | null;
  apply(tx: EntityManager, envelope: Envelope<P>, meta: MessageMeta): Promise<void>;
}

/**
 * The MessageHandler of a decoded handler. The applier runs `payload.decode` first and hands authorize/apply the
 * envelope with the decoded payload (a message it refuses is quarantined with the reason and never reaches them):
 * that contract is what makes the payload's type here true.
 */
export function decodedHandler<P>(handler: DecodedHandler<P>): MessageHandler<EntityManager> {
  return {
    type: handler.type,
    payload: handler.payload,
    authorize: (envelope, meta) => handler.authorize(envelope as Envelope<P>, meta),
    apply: (tx, envelope, meta) => handler.apply(tx, envelope as Envelope<P>, meta),
  };
}
