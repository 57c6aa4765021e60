# One image for both planes; docker-compose.yml picks the entry point per service (`command`).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
# `npm ci` installs the workspace and runs postinstall (Prisma client generation, no engine download needed).
RUN npm ci --no-audit --no-fund && npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
# The data plane's last-known-good config and the embedded database live under .portico/.
RUN mkdir -p /app/.portico && chown -R node:node /app/.portico
USER node
EXPOSE 8080 8081 8082
CMD ["node", "apps/data-plane/dist/main.js"]
