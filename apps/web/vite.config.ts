import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Emits `sw.js` from `src/service-worker/sw.js` with the list of every file of the build (the app shell) and a
 * version derived from it, so a new build installs a new service worker that precaches the new hashed assets.
 */
function serviceWorker(): Plugin {
  return {
    name: 'liandong-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = ['/', ...Object.keys(bundle).map((name) => `/${name}`), '/manifest.webmanifest', '/icon.svg', '/icon-192.png', '/icon-512.png'];
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      const source = readFileSync(resolve(here, 'src/service-worker/sw.js'), 'utf8')
        .replace('self.__PRECACHE__', JSON.stringify(files))
        .replace('self.__VERSION__', JSON.stringify(version));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

export default defineConfig({
  root: here,
  plugins: [react(), serviceWorker()],
  resolve: { alias: { '@liandong/shared': resolve(here, '../../libs/shared/src/index.ts') } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across app releases.
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)/ },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|rc-|@rc-component|dayjs)/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)/ },
          ],
        },
      },
    },
  },
  server: {
    // `npx vite` in apps/web during development: the API of a node started by `npm start`.
    proxy: Object.fromEntries(
      ['/auth', '/users', '/catalogue', '/delegations', '/departments', '/calendar', '/cases', '/public', '/sync', '/health', '/api', '/supervision', '/statistics'].map((p) => [
        p,
        process.env['LIANDONG_API'] ?? 'http://127.0.0.1:3003',
      ]),
    ),
  },
});
