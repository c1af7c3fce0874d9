FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
RUN apt-get -o APT::Install-Recommends=false install -y jq
RUN echo "apt-get install is documented in README" > /dev/null
USER 10001
