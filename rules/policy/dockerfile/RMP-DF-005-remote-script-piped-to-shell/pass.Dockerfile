FROM ubuntu:24.04
RUN curl -fsSLo /tmp/install.sh https://get.example.com/install.sh \
 && echo "6b3a1e0c1f4f4a7c0a5f2d0d0f3c9b6e2f0a8d7c6b5a4f3e2d1c0b9a8f7e6d5c  /tmp/install.sh" | sha256sum -c - \
 && sh /tmp/install.sh
RUN curl -fsSL https://example.com/archive.tar.gz | tar -xz -C /opt
RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg
USER 10001
