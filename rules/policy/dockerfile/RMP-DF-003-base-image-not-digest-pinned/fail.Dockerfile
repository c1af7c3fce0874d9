FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -q package

FROM build AS test
RUN mvn -q verify

FROM eclipse-temurin:21-jre@sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9
COPY --from=build /src/target/app.jar /app.jar

FROM --platform=linux/amd64 registry.example.com:5000/base/runtime:2.4
USER 10001
