# syntax=docker/dockerfile:1
# Multi-stage image of the connector's command line, `dsc` (`dsc serve` and `dsc gateway` join it with their issues).
# Build: docker build -t dataspace-connector .   Run: docker run --rm -v dsc-data:/data dataspace-connector demo --data /data/demo

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so the layer is reused while sources change.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY crypto/DataSpace.Crypto/DataSpace.Crypto.csproj crypto/DataSpace.Crypto/
COPY connector/DataSpace.Cli/DataSpace.Cli.csproj connector/DataSpace.Cli/
RUN dotnet restore connector/DataSpace.Cli/DataSpace.Cli.csproj
COPY crypto/ crypto/
COPY connector/ connector/
RUN dotnet publish connector/DataSpace.Cli/DataSpace.Cli.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS runtime
RUN groupadd --system dsc && useradd --system --gid dsc --home-dir /data --shell /usr/sbin/nologin dsc \
    && mkdir -p /data && chown dsc:dsc /data
COPY --from=build /app /app
USER dsc
WORKDIR /data
VOLUME ["/data"]
ENTRYPOINT ["dotnet", "/app/dsc.dll"]
CMD ["--help"]
