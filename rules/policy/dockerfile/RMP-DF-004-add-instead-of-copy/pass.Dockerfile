FROM alpine:3.20
ADD rootfs.tar.xz /
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool-1.2.tar.gz /tmp/tool.tar.gz
ADD https://github.com/example/project.git#v1.4.0 /src/project
COPY config/app.conf /etc/app/app.conf
USER 10001
