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
# Health:  the image's HEALTHCHECK runs `dsc health` against $DSC_URL (the connector, http://127.0.0.1:8080); for a
#          gateway container add -e DSC_URL=http://127.0.0.1:8443. No curl in the image.
#
# The base images are pinned by digest: the SDK that global.json names (10.0.401) and the ASP.NET Core runtime it
# ships with (10.0.12), each the multi-platform index. To move to newer ones, read their digests with
#     docker buildx imagetools inspect mcr.microsoft.com/dotnet/sdk:10.0.4xx
# update global.json to the same SDK, and rebuild. The image is for linux-x64 only: the publish keeps only that
# platform's native libraries (Wasmtime, SQLite), not those of the 20 others the packages carry.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0.401@sha256:35d40304542c8689331f8cab17c65926cdf48fe711e289321d71924b230a7d29
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0.12@sha256:2d584d8147faddb0d678c5748d47953e5b8e18621ed4fb7049a91381d9d7746f

FROM --platform=linux/amd64 ${SDK_IMAGE} AS build
WORKDIR /src
# Restore first, from the project files only, so the layer is reused while sources change.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY crypto/DataSpace.Crypto/DataSpace.Crypto.csproj crypto/DataSpace.Crypto/
COPY policy/DataSpace.Policy/DataSpace.Policy.csproj policy/DataSpace.Policy/
COPY sandbox/DataSpace.Sandbox/DataSpace.Sandbox.csproj sandbox/DataSpace.Sandbox/
COPY sandbox/DataSpace.Sandbox.Compiler/DataSpace.Sandbox.Compiler.csproj sandbox/DataSpace.Sandbox.Compiler/
COPY connector/DataSpace.Connector/DataSpace.Connector.csproj connector/DataSpace.Connector/
COPY connector/DataSpace.Gateway/DataSpace.Gateway.csproj connector/DataSpace.Gateway/
COPY connector/DataSpace.Hosting/DataSpace.Hosting.csproj connector/DataSpace.Hosting/
COPY connector/DataSpace.WebConsole/DataSpace.WebConsole.csproj connector/DataSpace.WebConsole/
COPY connector/DataSpace.Cli/DataSpace.Cli.csproj connector/DataSpace.Cli/
RUN dotnet restore connector/DataSpace.Cli/DataSpace.Cli.csproj -r linux-x64
COPY crypto/ crypto/
COPY policy/ policy/
COPY sandbox/ sandbox/
COPY connector/ connector/
# dsc embeds the demo's analysis plan and offer (the walkthrough's), and ships the job SDK (headers and dsc-cc, the
# pinned toolchain's flags) for `dsc job verify-build`.
COPY samples/walkthrough/plan.json samples/walkthrough/offer-policy.json samples/walkthrough/
COPY samples/sdk/c/ samples/sdk/c/
COPY samples/policies/ samples/policies/
RUN dotnet publish connector/DataSpace.Cli/DataSpace.Cli.csproj -c Release --no-restore -r linux-x64 --self-contained false -o /app

# `dsc serve` and `dsc gateway` host ASP.NET Core, so the runtime image is the ASP.NET Core one.
FROM --platform=linux/amd64 ${RUNTIME_IMAGE} AS runtime
RUN groupadd --system dsc && useradd --system --gid dsc --home-dir /data --shell /usr/sbin/nologin dsc \
    && mkdir -p /data && chown dsc:dsc /data
COPY --from=build /app /app
USER dsc
WORKDIR /data
VOLUME ["/data"]
# `dsc serve` defaults sit below DSC_ variables: listen on every interface inside the container.
ENV DSC_Connector__Urls=http://+:8080 \
    DSC_Connector__DataDirectory=/data/connector \
    DSC_URL=http://127.0.0.1:8080
# 8080: the connector (keep it on the internal network); 8443: the gateway, the outside door.
EXPOSE 8080 8443
HEALTHCHECK --interval=15s --timeout=10s --start-period=60s --retries=3 CMD ["dotnet", "/app/dsc.dll", "health", "--timeout", "5"]
ENTRYPOINT ["dotnet", "/app/dsc.dll"]
CMD ["--help"]
