FROM alpine:3.20
COPY app /opt/app
RUN chmod -R 750 /opt/app && chmod 0644 /opt/app/config.json
RUN chmod u+x,go-w /opt/app/run.sh
RUN chmod 1770 /opt/app/tmp
USER 10001
