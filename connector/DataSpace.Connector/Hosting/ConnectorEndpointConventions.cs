using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DataSpace.Connector.Hosting;

/// <summary>Endpoint conventions of the connector.</summary>
public static class ConnectorEndpointConventions
{
    /// <summary>The request timeout policy of upload endpoints (<c>Connector:UploadRequestTimeout</c>).</summary>
    public const string UploadTimeoutPolicy = "upload";

    /// <summary>
    /// Lets the endpoints accept bodies up to <c>Connector:MaxUploadBytes</c> (by default a module at the sandbox's
    /// limit with its framing, <see cref="ConnectorOptions.UploadLimit"/>; instead of <c>Connector:MaxRequestBodyBytes</c>)
    /// and run for up to <c>Connector:UploadRequestTimeout</c>. The limit is what the signature handler reads at most.
    /// </summary>
    public static TBuilder WithUploadLimits<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(endpoint =>
        {
            var options = endpoint.ApplicationServices.GetRequiredService<IOptions<ConnectorOptions>>().Value;
            endpoint.Metadata.Add(new RequestSizeLimitAttribute(options.UploadLimit));
        });
        builder.WithRequestTimeout(UploadTimeoutPolicy);
        return builder;
    }
}
