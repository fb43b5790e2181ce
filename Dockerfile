# One image for every aTES service (`docker compose up` builds it once per service with SERVICE set).
# Stage 1 installs the workspace, type-checks and compiles every service to dist/ (ADR 0012); stage 2 installs
# the production dependencies only (`npm ci --omit=dev`) beside the compiled output, and runs as user `node`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npm run -s typecheck && node tools/build/build.mjs \
 && mkdir /deploy && cp --parents package.json package-lock.json apps/*/package.json libs/*/package.json \
      tools/services.mjs tools/healthcheck.mjs libs/config/src/default-ports.json /deploy \
 && cp -r dist /deploy/dist

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
COPY --from=build /deploy /app
# No devDependency (SWC, TypeScript, Jest, embedded PostgreSQL…) reaches the image.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force && chown -R node:node /app
USER node
ARG SERVICE
# In a container every service listens on all its interfaces; Compose publishes the gateway on 127.0.0.1 only.
ENV SERVICE=${SERVICE} HOST=0.0.0.0 GATEWAY_HOST=0.0.0.0
# The memory settings of tools/services.mjs (SERVICE_NODE_FLAGS, MALLOC_ENV; docs/benchmarks.md, "Memory").
ENV MALLOC_MMAP_THRESHOLD_=131072
# SIGTERM reaches node itself (exec): the service drains and stops gracefully (docs/reliability.md).
CMD ["sh", "-c", "exec node --max-semi-space-size=4 dist/apps/${SERVICE}/src/main.js"]
