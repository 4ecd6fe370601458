# One image for both the API and the worker; the compose file picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
RUN npm install -g pnpm@10
COPY . .
RUN pnpm install --frozen-lockfile
ENV NODE_ENV=production HOST=0.0.0.0
EXPOSE 3000
CMD ["pnpm", "start:api"]
