FROM python:3.12-slim AS runtime
HEALTHCHECK NONE
USER 10001

FROM runtime
COPY app.py /app/app.py
CMD ["python", "/app/app.py"]
