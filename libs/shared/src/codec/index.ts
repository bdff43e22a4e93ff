export type { Codec, DecodeFailure, DecodeResult, ObjectOf, OptionalCodec, Shape, StringOptions, ArrayOptions, TypeOf, VersionedDecoder } from './codec';
/** The combinators (`codecs.object`, `codecs.string`, …), in one namespace so their short names stay out of the package's. */
export * as codecs from './codec';
