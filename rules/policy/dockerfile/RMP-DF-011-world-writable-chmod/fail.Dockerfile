FROM alpine:3.20
COPY app /opt/app
RUN chmod -R 777 /opt/app
RUN mkdir -p /data && chmod 0666 /data/config.json
RUN chmod a+rwx /usr/local/bin/entrypoint.sh
USER 10001
