using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DataSpace.Connector.Hosting;

/// <summary>Endpoint conventions of the connector.</summary>
public static class ConnectorEndpointConventions
{
    /// <summary>The request timeout policy of upload endpoints (<c>Connector:UploadRequestTimeout</c>).</summary>
    public const string UploadTimeoutPolicy = "upload";

    /// <summary>
    /// Lets the endpoints accept bodies up to <c>Connector:MaxUploadBytes</c> (instead of
    /// <c>Connector:MaxRequestBodyBytes</c>) and run for up to <c>Connector:UploadRequestTimeout</c>.
    /// </summary>
    public static TBuilder WithUploadLimits<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(endpoint =>
        {
            var options = endpoint.ApplicationServices.GetRequiredService<IOptions<ConnectorOptions>>().Value;
            endpoint.Metadata.Add(new RequestSizeLimitAttribute(options.MaxUploadBytes));
        });
        builder.WithRequestTimeout(UploadTimeoutPolicy);
        return builder;
    }
}
