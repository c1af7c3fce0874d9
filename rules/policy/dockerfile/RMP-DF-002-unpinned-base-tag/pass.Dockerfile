ARG BASE=alpine:3.20
ARG RUNTIME_IMAGE
FROM node:20.18-alpine AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build

FROM ${BASE} AS tools
RUN apk add --no-cache curl

FROM ${RUNTIME_IMAGE} AS runtime
COPY --from=build /app/dist /srv

FROM scratch AS empty

FROM nginx@sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac
COPY --from=build /app/dist /usr/share/nginx/html
USER nginx
