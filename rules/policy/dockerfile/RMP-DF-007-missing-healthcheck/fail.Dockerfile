FROM golang:1.22 AS build
WORKDIR /src
COPY . .
HEALTHCHECK CMD ["/bin/true"]
RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/api /api
EXPOSE 8080
ENTRYPOINT ["/api"]
