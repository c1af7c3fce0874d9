FROM node:20-alpine
WORKDIR /app
COPY .npmrc package.json package-lock.json ./
RUN npm ci
COPY id_rsa /root/.ssh/id_rsa
ADD certs/server.key /etc/ssl/private/
COPY --chown=node:node .env ./
COPY config/.aws/credentials /home/node/.aws/credentials
USER node
