FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates
RUN curl -fsSL https://get.example.com/install.sh | sh
RUN wget -qO- https://example.org/setup \
    | sudo -E bash -
RUN sh -c "$(curl -fsSL https://raw.example.com/tool/install.sh)"
RUN bash <(curl -s https://example.net/bootstrap.sh) --yes
USER 10001
