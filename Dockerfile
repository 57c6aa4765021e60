# syntax=docker/dockerfile:1
# One image for both planes; docker-compose.yml and the Helm chart pick the entry point per service (`command`).
#
# Layers are ordered by how often they change: the manifests first and `npm ci` (re-run only when a
# package.json or the lock file changes), then the sources and the build. The runtime stage holds production
# dependencies and built output only: no devDependencies, no TypeScript sources, no build tree.
# apps/data-plane/test/dockerfile.int-spec.ts keeps the manifest list complete and runs the runtime stage's file
# set (production install + built output) as plain processes.

# Node 24 is the current LTS; Portico supports Node 22 and later (package.json `engines`).
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS base
# Prisma probes for OpenSSL (`openssl version`) at start-up and warns without it; install it rather than silence it.
RUN apt-get update \
  && apt-get install -y --no-install-recommends openssl ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app

# Every workspace manifest (the list is checked by the test above), the lock file, and what postinstall needs
# (libs/db generates the Prisma client from its schema).
FROM base AS manifests
COPY package.json package-lock.json ./
COPY apps/console/package.json apps/console/
COPY apps/control-plane/package.json apps/control-plane/
COPY apps/data-plane/package.json apps/data-plane/
COPY examples/hmac-authorizer/package.json examples/hmac-authorizer/
COPY libs/admin-wire/package.json libs/admin-wire/
COPY libs/contracts/package.json libs/contracts/
COPY libs/db/package.json libs/db/
COPY libs/engine/authorizers/package.json libs/engine/authorizers/
COPY libs/engine/integrations/package.json libs/engine/integrations/
COPY libs/engine/lambda/package.json libs/engine/lambda/
COPY libs/engine/mapping/package.json libs/engine/mapping/
COPY libs/engine/policy/package.json libs/engine/policy/
COPY libs/engine/routing/package.json libs/engine/routing/
COPY libs/engine/sigv4/package.json libs/engine/sigv4/
COPY libs/engine/throttling/package.json libs/engine/throttling/
COPY libs/engine/validation/package.json libs/engine/validation/
COPY libs/gateway/core/package.json libs/gateway/core/
COPY libs/gateway/http/package.json libs/gateway/http/
COPY libs/gateway/websocket/package.json libs/gateway/websocket/
COPY libs/gateway/rest/package.json libs/gateway/rest/
COPY libs/openapi/package.json libs/openapi/
COPY libs/plugin-sdk/package.json libs/plugin-sdk/
COPY libs/redis/package.json libs/redis/
COPY libs/testing/aws-cli/package.json libs/testing/aws-cli/
COPY libs/testing/terraform/package.json libs/testing/terraform/
COPY libs/throttling-redis/package.json libs/throttling-redis/

FROM manifests AS build
COPY libs/db/prisma libs/db/prisma
COPY libs/db/scripts libs/db/scripts
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Production dependencies only; install scripts are not needed (the Prisma client is generated and compiled
# into libs/db/dist by the build stage). npm's cache is a BuildKit cache mount, so it never lands in a layer.
FROM manifests AS production-dependencies
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM base AS runtime
ENV NODE_ENV=production
COPY --from=production-dependencies /app /app
# Built output only: each project's dist/, the SQL migrations the control plane applies at start-up, and the
# example functions and plugin (PORTICO_FUNCTIONS_DIR=/app/examples/functions works without a mount).
# The web console's static files (served by the control plane under /console).
COPY --from=build /app/apps/console/dist apps/console/dist
COPY --from=build /app/apps/control-plane/dist apps/control-plane/dist
COPY --from=build /app/apps/data-plane/dist apps/data-plane/dist
COPY --from=build /app/examples/hmac-authorizer/dist examples/hmac-authorizer/dist
COPY --from=build /app/libs/admin-wire/dist libs/admin-wire/dist
COPY --from=build /app/libs/contracts/dist libs/contracts/dist
COPY --from=build /app/libs/db/dist libs/db/dist
COPY --from=build /app/libs/db/prisma/migrations libs/db/prisma/migrations
COPY --from=build /app/libs/engine/authorizers/dist libs/engine/authorizers/dist
COPY --from=build /app/libs/engine/integrations/dist libs/engine/integrations/dist
COPY --from=build /app/libs/engine/lambda/dist libs/engine/lambda/dist
COPY --from=build /app/libs/engine/mapping/dist libs/engine/mapping/dist
COPY --from=build /app/libs/engine/policy/dist libs/engine/policy/dist
COPY --from=build /app/libs/engine/routing/dist libs/engine/routing/dist
COPY --from=build /app/libs/engine/sigv4/dist libs/engine/sigv4/dist
COPY --from=build /app/libs/engine/throttling/dist libs/engine/throttling/dist
COPY --from=build /app/libs/engine/validation/dist libs/engine/validation/dist
COPY --from=build /app/libs/gateway/core/dist libs/gateway/core/dist
COPY --from=build /app/libs/gateway/http/dist libs/gateway/http/dist
COPY --from=build /app/libs/gateway/websocket/dist libs/gateway/websocket/dist
COPY --from=build /app/libs/gateway/rest/dist libs/gateway/rest/dist
COPY --from=build /app/libs/openapi/dist libs/openapi/dist
COPY --from=build /app/libs/plugin-sdk/dist libs/plugin-sdk/dist
COPY --from=build /app/libs/redis/dist libs/redis/dist
# Test support only, but workspace packages: npm ci links them, so their manifests and dist come along (a few KB).
COPY --from=build /app/libs/testing/aws-cli/dist libs/testing/aws-cli/dist
COPY --from=build /app/libs/testing/terraform/dist libs/testing/terraform/dist
COPY --from=build /app/libs/throttling-redis/dist libs/throttling-redis/dist
COPY examples/functions examples/functions
# The data plane's last-known-good config and the embedded database live under .portico/.
RUN mkdir -p /app/.portico && chown -R node:node /app/.portico
USER node
EXPOSE 8080 8081 8082
CMD ["node", "apps/data-plane/dist/main.js"]
