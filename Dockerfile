# The bot as a container image (README "Deploy to Azure": the container alternative). The build stage
# makes the same zip as `npm run package` and unpacks it; the runtime stage holds only that: the build,
# the production dependencies and the data, run by a non-root user, no compiler, no devDependencies.
FROM node:20-bookworm-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends unzip \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run package --silent -- --out /out \
  && mkdir /app \
  && unzip -q /out/*.zip -d /app

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and read-only to the user that runs it.
COPY --from=build /app ./
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--disable-warning=DEP0111", "scripts/start.mjs"]
