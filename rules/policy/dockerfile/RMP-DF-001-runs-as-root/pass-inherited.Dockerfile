FROM python:3.12-slim AS base
RUN useradd --uid 10001 --create-home app
USER app

FROM base
WORKDIR /home/app
COPY --chown=app:app . .
CMD ["python", "main.py"]
