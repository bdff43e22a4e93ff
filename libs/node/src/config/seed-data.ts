import { resolve } from 'node:path';

/**
 * The seed data folder, `demo/` at the repository root: the demo topology, users and catalogues that SEED_DEMO=true
 * adds. This file is as deep under `libs/node/src` (ts-jest) as its build is under `libs/node/dist` (`npm start`,
 * the Docker image, which copies the folder to `/app/demo`), so one path fits both.
 */
export const SEED_DATA_DIR = resolve(__dirname, '../../../../demo');
