# The DynamoDB-compatible server of deploy/docker-compose.yml: dynalite, exactly the version the tests
# pin in tools/dynalite (installed from its lockfile). Build context: the repository root.
FROM public.ecr.aws/docker/library/node:20.19.2-bookworm-slim
WORKDIR /dynalite
COPY tools/dynalite/package.json tools/dynalite/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error && mkdir -p /data && chown node:node /data
USER node
EXPOSE 8000
ENTRYPOINT ["node", "node_modules/dynalite/cli.js", "--host", "0.0.0.0", "--port", "8000", "--path", "/data", \
            "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"]
