# One image for every tier of the Liandong node (city, district, township): the tier is chosen when the
# container starts, by NODE_TIER (or baked in with --build-arg NODE_TIER=...). See docker-compose.yml.
#
#   docker build -t liandong-node .
#   docker run -e NODE_TIER=township -e NODE_ID=jiekou -e REGION_CODE=440117001 -e PARENT_ID=conghua \
#     -e JWT_SECRET=... -e ADMIN_PASSWORD=... -e NATS_URL=nats://nats:4222 -v jiekou-data:/data liandong-node

ARG NODE_VERSION=20

# ---------------------------------------------------------------------------------------------------------
# build: install everything (better-sqlite3 compiles from source with node-gyp), compile, drop devDependencies
FROM node:${NODE_VERSION}-bookworm-slim AS build

RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

# The project uses npm 11 (it honours the `allowScripts` field of package.json); the base image ships npm 10.
ARG NPM_VERSION=11.19.1
RUN npm install -g npm@${NPM_VERSION} && npm --version

WORKDIR /app

# Manifests first, so the dependency layer is reused until package-lock.json or a workspace manifest changes.
COPY package.json package-lock.json nx.json ./
COPY libs/shared/package.json libs/shared/
COPY libs/sync/package.json libs/sync/
COPY libs/node/package.json libs/node/
COPY apps/city-node/package.json apps/city-node/
COPY apps/district-node/package.json apps/district-node/
COPY apps/township-node/package.json apps/township-node/
COPY apps/web/package.json apps/web/
COPY tools/harness/package.json tools/harness/
COPY tools/federation/package.json tools/federation/
RUN npm ci --no-audit --no-fund

COPY tsconfig.base.json tsconfig.build.json ./
COPY libs libs
COPY apps apps
COPY tools tools
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# ---------------------------------------------------------------------------------------------------------
# runtime: production node_modules + compiled output only, run as the unprivileged `node` user
FROM node:${NODE_VERSION}-bookworm-slim AS runtime

ENV NODE_ENV=production \
    HTTP_PORT=3000 \
    DATA_DIR=/data

WORKDIR /app

# node_modules/@liandong/* are symlinks to the workspace folders below; COPY keeps them as symlinks.
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/libs/shared/package.json ./libs/shared/
COPY --from=build --chown=node:node /app/libs/shared/dist ./libs/shared/dist
COPY --from=build --chown=node:node /app/libs/sync/package.json ./libs/sync/
COPY --from=build --chown=node:node /app/libs/sync/dist ./libs/sync/dist
COPY --from=build --chown=node:node /app/libs/node/package.json ./libs/node/
COPY --from=build --chown=node:node /app/libs/node/dist ./libs/node/dist
COPY --from=build --chown=node:node /app/apps/city-node/package.json ./apps/city-node/
COPY --from=build --chown=node:node /app/apps/city-node/dist ./apps/city-node/dist
COPY --from=build --chown=node:node /app/apps/district-node/package.json ./apps/district-node/
COPY --from=build --chown=node:node /app/apps/district-node/dist ./apps/district-node/dist
COPY --from=build --chown=node:node /app/apps/township-node/package.json ./apps/township-node/
COPY --from=build --chown=node:node /app/apps/township-node/dist ./apps/township-node/dist
# The staff web app (static files; the node serves them at /).
COPY --from=build --chown=node:node /app/apps/web/dist ./apps/web/dist
COPY --from=build --chown=node:node /app/tools/harness/package.json ./tools/harness/
COPY --from=build --chown=node:node /app/tools/harness/dist ./tools/harness/dist
COPY --from=build --chown=node:node /app/tools/federation/package.json ./tools/federation/
COPY --from=build --chown=node:node /app/tools/federation/dist ./tools/federation/dist
# The demo data (catalogue export files and the demo topology), read only with SEED_DEMO=true and by the launcher.
COPY --chown=node:node demo ./demo

# SQLite lives here (township default); a named volume mounted on /data inherits this ownership.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]

# Empty by default: the tier must then come from the container's environment (NODE_TIER=city|district|township).
ARG NODE_TIER=
ENV NODE_TIER=${NODE_TIER}

USER node
EXPOSE 3000

# 200 while the node's database answers (also when NATS is down: the node works offline).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# exec: node becomes PID 1 and gets SIGTERM itself (the node shuts down cleanly on it). 78 = EX_CONFIG,
# the same exit code the node uses for a bad configuration.
CMD ["/bin/sh", "-c", "case \"$NODE_TIER\" in city|district|township) exec node \"apps/${NODE_TIER}-node/dist/main.js\" ;; *) echo \"NODE_TIER must be city, district or township (got '${NODE_TIER}')\" >&2; exit 78 ;; esac"]
