FROM alpine:3.20
ADD https://example.com/tools/install.sh /usr/local/bin/install.sh
ADD config/app.conf /etc/app/app.conf
ADD vendor.tar.gz /opt/vendor/
ADD --chown=app:app ["bin/run.sh", "/usr/local/bin/run.sh"]
USER 10001
