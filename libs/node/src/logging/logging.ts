import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { maskIdentifiers } from '@liandong/shared';
import type { NodeConfig } from '../config/node-config';

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{8,64}$/;

/** Keeps a caller's request id when it looks like one, otherwise makes a new one; echoes it in the response. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** A URL as it may be logged: the applicant's query code (`?code=`) and any token in the query string hidden. */
export function withoutSecrets(url: string): string {
  return url.replace(/([?&](?:code|token|password|access_token)=)[^&#]*/gi, '$1***');
}

/** Masks identity numbers and phone numbers in every log line before it is written (personal data). */
export function maskingStream(destination: DestinationStream): DestinationStream {
  return { write: (line: string) => destination.write(maskIdentifiers(line)) };
}

/**
 * Structured JSON logs (pino): one line per event, each request with its request id, the node id and tier on
 * every line. Credentials and bodies are never logged; identity and phone numbers are masked.
 */
export function loggingParams(config: NodeConfig, stream?: DestinationStream): Params {
  return {
    pinoHttp: [
      {
        level: config.logLevel,
        base: { node: config.nodeId, tier: config.tier },
        messageKey: 'msg',
        genReqId: requestId,
        customProps: (req) => ({ requestId: req.id }),
        autoLogging: { ignore: (req) => req.url === '/health' },
        redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '***' },
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: withoutSecrets(req.url) }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
      },
      maskingStream(stream ?? process.stdout),
    ],
  };
}
