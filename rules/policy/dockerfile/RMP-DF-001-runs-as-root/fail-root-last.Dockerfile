FROM alpine:3.20
RUN adduser -D -u 10001 app
USER app
RUN mkdir -p /data
USER root
CMD ["/bin/sh"]
