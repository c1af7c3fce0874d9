FROM debian:12-slim
RUN apt-get update && apt-get install -y curl ca-certificates
RUN apt-get update \
 && apt-get -y --no-install-recommends install git \
 && DEBIAN_FRONTEND=noninteractive apt-get -q -y install make; rm -rf /var/lib/apt/lists/*
USER 10001
