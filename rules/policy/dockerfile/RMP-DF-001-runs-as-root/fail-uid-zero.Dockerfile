FROM node:20-alpine
WORKDIR /app
COPY . .
USER 0:0
CMD ["node", "server.js"]
