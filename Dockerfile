# syntax=docker/dockerfile:1
# Multi-stage image of the connector's command line, `dsc` (`dsc gateway` joins it with its issue).
# Build: docker build -t dataspace-connector .
# Serve: docker run --rm -p 8080:8080 -v dsc-data:/data dataspace-connector serve
# Demo:  docker run --rm -v dsc-data:/data dataspace-connector demo --data /data/demo

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so the layer is reused while sources change.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY crypto/DataSpace.Crypto/DataSpace.Crypto.csproj crypto/DataSpace.Crypto/
COPY policy/DataSpace.Policy/DataSpace.Policy.csproj policy/DataSpace.Policy/
COPY sandbox/DataSpace.Sandbox/DataSpace.Sandbox.csproj sandbox/DataSpace.Sandbox/
COPY connector/DataSpace.Connector/DataSpace.Connector.csproj connector/DataSpace.Connector/
COPY connector/DataSpace.Cli/DataSpace.Cli.csproj connector/DataSpace.Cli/
RUN dotnet restore connector/DataSpace.Cli/DataSpace.Cli.csproj
COPY crypto/ crypto/
COPY policy/ policy/
COPY sandbox/ sandbox/
COPY connector/ connector/
RUN dotnet publish connector/DataSpace.Cli/DataSpace.Cli.csproj -c Release --no-restore -o /app

# `dsc serve` hosts ASP.NET Core, so the runtime image is the ASP.NET Core one.
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
EXPOSE 8080
ENTRYPOINT ["dotnet", "/app/dsc.dll"]
CMD ["--help"]
