ARG TOOLCHAIN
FROM golang:1.22@sha256:1f0a7e4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f607 AS build
RUN go version

FROM build AS test
RUN go vet ./...

FROM ${TOOLCHAIN} AS lint
RUN golangci-lint run

FROM scratch
COPY --from=build /go/bin/app /app
USER 65532
