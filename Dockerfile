# syntax=docker/dockerfile:1
# One image for the API and the worker (compose.yaml picks the command). Multi-stage: production
# dependencies only, the workflow bundle built ahead (WORKFLOW_BUNDLE), runs as the non-root `node` user (uid 1000).
# npm ci --ignore-scripts: the project approves no install script (package.json allowScripts);
# native parts (Temporal core, argon2, esbuild) come as prebuilt optional packages.

FROM node:20.20-bookworm-slim AS base
WORKDIR /app

# Production dependencies (tsx runs the TypeScript entry points, as `npm run api` does).
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# Type check and the prebuilt workflow bundle.
FROM base AS build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npx tsc --noEmit && npm run build:bundle -- dist/workflow-bundle.js

FROM base AS runtime
ENV NODE_ENV=production \
    WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js \
    FILES_DIR=/data/files \
    API_HOST=0.0.0.0 \
    METRICS_HOST=0.0.0.0
COPY --from=deps /app/node_modules ./node_modules
COPY package.json config.ts temporal.ts worker.ts zalo-setup.ts ./
COPY activities ./activities
COPY api ./api
COPY db ./db
COPY domain ./domain
COPY migrations ./migrations
COPY scripts ./scripts
COPY telemetry ./telemetry
COPY workflows ./workflows
COPY zalo ./zalo
COPY --from=build /app/dist/workflow-bundle.js ./dist/workflow-bundle.js
RUN mkdir -p /data/files && chown 1000:1000 /data/files
USER 1000:1000
# API, its metrics; the worker's metrics and the Temporal SDK's exporter.
EXPOSE 3000 9464 9465 9466
CMD ["node", "--import", "tsx", "api/server.ts"]
