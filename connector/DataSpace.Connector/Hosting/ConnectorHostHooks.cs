namespace DataSpace.Connector.Hosting;

/// <summary>Where callers plug into <see cref="ConnectorHost.Build"/>: defaults, services, middleware, endpoints.</summary>
public sealed record ConnectorHostHooks
{
    /// <summary>Settings below appsettings.json, environment and command line (such as the defaults of <c>dsc serve</c>).</summary>
    public IReadOnlyDictionary<string, string?>? Defaults { get; init; }

    /// <summary>Runs after configuration is assembled and before options are read: add services here.</summary>
    public Action<WebApplicationBuilder>? ConfigureBuilder { get; init; }

    /// <summary>Runs after routing and request timeouts, before endpoints: request authentication goes here.</summary>
    public Action<WebApplication>? ConfigurePipeline { get; init; }

    /// <summary>Maps further endpoints beside the connector's own.</summary>
    public Action<IEndpointRouteBuilder>? MapEndpoints { get; init; }
}
