ARG BASE_TAG=20-alpine
FROM node:${BASE_TAG}
ARG NPM_TOKEN
ENV POSTGRES_PASSWORD_FILE=/run/secrets/db_password
ENV GITHUB_TOKEN=$CI_TOKEN
ENV TOKEN_TTL_SECONDS=3600
RUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci
USER node
