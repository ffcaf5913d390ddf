# syntax=docker/dockerfile:1
# Multi-stage image of the connector's command line, `dsc`: one image for the connector and its gateway.
# Build:   docker build -t dataspace-connector .
# Network: docker network create dsc
# Serve:   docker run -d --name connector --network dsc -v dsc-data:/data dataspace-connector serve
# Gateway: the only published port. It reads the connector's gateway secret from the shared volume and a
#          configuration file (docs/gateway.md), here mounted at /config/gateway.json:
#          {"Gateway": {"Urls": "http://+:8443", "Connectors": ["http://connector:8080"],
#                       "ConnectorSecretFile": "/data/connector/keys/gateway.secret"}}
#          docker run -d --network dsc -p 8443:8443 -v dsc-data:/data:ro \
#              -v $PWD/gateway.json:/config/gateway.json:ro dataspace-connector gateway --config /config/gateway.json
# Demo:    docker run --rm -v dsc-data:/data dataspace-connector demo --data /data/demo

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so the layer is reused while sources change.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY crypto/DataSpace.Crypto/DataSpace.Crypto.csproj crypto/DataSpace.Crypto/
COPY policy/DataSpace.Policy/DataSpace.Policy.csproj policy/DataSpace.Policy/
COPY sandbox/DataSpace.Sandbox/DataSpace.Sandbox.csproj sandbox/DataSpace.Sandbox/
COPY connector/DataSpace.Connector/DataSpace.Connector.csproj connector/DataSpace.Connector/
COPY connector/DataSpace.Gateway/DataSpace.Gateway.csproj connector/DataSpace.Gateway/
COPY connector/DataSpace.Cli/DataSpace.Cli.csproj connector/DataSpace.Cli/
RUN dotnet restore connector/DataSpace.Cli/DataSpace.Cli.csproj
COPY crypto/ crypto/
COPY policy/ policy/
COPY sandbox/ sandbox/
COPY connector/ connector/
# dsc embeds the demo's job module, the committed reproducible build of samples/jobs/grouped-stats, and its source;
# it ships the job SDK (headers and dsc-cc, the pinned toolchain's flags) for `dsc job verify-build`.
COPY samples/jobs/grouped-stats/grouped-stats.wasm samples/jobs/grouped-stats/grouped-stats.c samples/jobs/grouped-stats/
COPY samples/sdk/c/ samples/sdk/c/
RUN dotnet publish connector/DataSpace.Cli/DataSpace.Cli.csproj -c Release --no-restore -o /app

# `dsc serve` and `dsc gateway` host ASP.NET Core, so the runtime image is the ASP.NET Core one.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN groupadd --system dsc && useradd --system --gid dsc --home-dir /data --shell /usr/sbin/nologin dsc \
    && mkdir -p /data && chown dsc:dsc /data
COPY --from=build /app /app
USER dsc
WORKDIR /data
VOLUME ["/data"]
# `dsc serve` defaults sit below DSC_ variables: listen on every interface inside the container.
ENV DSC_Connector__Urls=http://+:8080 \
    DSC_Connector__DataDirectory=/data/connector
# 8080: the connector (keep it on the internal network); 8443: the gateway, the outside door.
EXPOSE 8080 8443
ENTRYPOINT ["dotnet", "/app/dsc.dll"]
CMD ["--help"]
