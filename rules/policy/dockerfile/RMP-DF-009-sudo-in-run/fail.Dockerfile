FROM ubuntu:24.04
RUN useradd -m builder && apt-get update && apt-get install -y --no-install-recommends sudo
USER builder
RUN sudo apt-get install -y --no-install-recommends make
RUN make build && sudo make install
