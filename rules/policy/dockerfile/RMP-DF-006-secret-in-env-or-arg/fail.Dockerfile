ARG REGISTRY_TOKEN=glpat-example-not-real
FROM node:20-alpine
ARG NPM_TOKEN=npm_exampleexampleexample
ENV NODE_ENV=production DB_PASSWORD=hunter2
ENV AWS_SECRET_ACCESS_KEY wJalrXUtnFEMIexampleKEY
ENV api_key="sk-example-123"
WORKDIR /app
USER node
