import { existsSync } from 'node:fs';
import { basename, resolve, sep } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { static as serveStatic } from 'express';
import type { Response } from 'express';

/**
 * The built staff web app (apps/web/dist), beside this library in the workspace and in the image: libs/node/{src,dist}/http
 * → apps/web/dist.
 */
export const WEB_APP_DIR = resolve(__dirname, '../../../../apps/web/dist');

/** index.html and the service worker must be revalidated every time; assets/ holds only content-hashed files. */
function setCacheHeaders(res: Response, path: string, assetsDir: string): void {
  const name = basename(path);
  if (path.startsWith(assetsDir + sep)) {
    res.setHeader('cache-control', 'public, max-age=31536000, immutable');
  } else if (name === 'index.html' || name === 'sw.js') {
    res.setHeader('cache-control', 'no-cache');
  } else {
    res.setHeader('cache-control', 'public, max-age=3600');
  }
  if (name === 'sw.js') res.setHeader('service-worker-allowed', '/');
  if (name.endsWith('.webmanifest')) res.setHeader('content-type', 'application/manifest+json; charset=utf-8');
  res.setHeader('x-content-type-options', 'nosniff');
}

/**
 * Serves the web app at `/` (client routes are hash routes, `/#/window`, so no path collides with the API). Only
 * files of the build are served; every other path falls through to the API. Returns false when the app is not
 * built (the API works without it).
 */
export function serveWebApp(app: NestExpressApplication, dir: string = WEB_APP_DIR): boolean {
  if (!existsSync(resolve(dir, 'index.html'))) return false;
  const assetsDir = resolve(dir, 'assets');
  app.use(serveStatic(dir, { index: ['index.html'], redirect: false, fallthrough: true, etag: true, lastModified: true, setHeaders: (res, path) => setCacheHeaders(res, path, assetsDir) }));
  return true;
}
