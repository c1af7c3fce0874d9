FROM node:20-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
COPY .env.example ./.env.example
COPY config/config.json ./config/config.json
COPY keys.md docs/

FROM node:20-alpine
COPY --from=build /app/certs/server.key /etc/ssl/private/server.key
COPY --from=build /app /app
USER node
