FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends openssh-server
EXPOSE 8080 22/tcp
EXPOSE 22
USER 10001
