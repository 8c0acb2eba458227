# The Closebooks companion for production: Node 20, production dependencies only, non-root.
# TypeScript runs through tsx (a production dependency), so there is no build step; the
# simulators (companion/sandbox) are not in the image and sandbox mode is off.
#   docker build -t closebooks-companion .
#   docker run -p 3000:3000 -e DATABASE_URL=… -e CLOSEBOOKS_MASTER_KEY=… closebooks-companion
# The `closebooks` command (the package's bin) runs in the same image:
#   docker run … closebooks-companion node companion/bin/closebooks.mjs <command> …

# Stage 1: production dependencies, installed exactly from the lock file.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# Stage 2: the runtime image, with the companion's sources and nothing else.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    CLOSEBOOKS_SANDBOX=off \
    CLOSEBOOKS_DATA_DIR=/var/lib/closebooks
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json tsconfig.json ./
COPY --chown=root:root companion/src ./companion/src
COPY --chown=root:root companion/bin ./companion/bin
# The data directory (PGlite when DATABASE_URL is unset, one process only) belongs to the
# unprivileged `node` user the image runs as; the code stays read-only to it.
RUN mkdir -p /var/lib/closebooks && chown node:node /var/lib/closebooks
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# What `npm start` execs; SIGTERM stops it gracefully (node is PID 1 and handles the signal).
CMD ["node", "--import", "tsx", "companion/src/main.ts"]
