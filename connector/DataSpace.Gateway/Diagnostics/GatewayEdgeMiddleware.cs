using System.Diagnostics;
using DataSpace.Gateway.Authentication;
using Yarp.ReverseProxy.Forwarder;
using DataSpace.Hosting;

namespace DataSpace.Gateway.Diagnostics;

/// <summary>
/// The outermost step: times the request, turns an error the gateway produced without a body (no route, no
/// healthy replica, a replica that could not be reached) into problem details, and writes the one access-log
/// line: method, path, status, elapsed ms, party (or "-"), route and replica.
/// </summary>
internal sealed partial class GatewayEdgeMiddleware(RequestDelegate next, ILoggerFactory loggers, GatewayAccessLog access, bool accessLog)
{
    /// <summary>The access log's category; its level is Information whatever <c>Logging:MinimumLevel</c> says.</summary>
    public const string AccessLogCategory = "DataSpace.Gateway.AccessLog";

    private readonly ILogger _errors = loggers.CreateLogger<GatewayEdgeMiddleware>();

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var feature = new GatewayRequestFeature();
        context.Features.Set(feature);
        try
        {
            await next(context).ConfigureAwait(false);
            if (context.Response.StatusCode >= 400)
            {
                // A refusal (404 off the allow-list, too): what is left of the body is not read.
                RequestBody.Refuse(context);
            }

            if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && context.Response.ContentType is null)
            {
                await GatewayProblem.WriteAsync(context, context.Response.StatusCode, DetailOf(context)).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            Log.Unhandled(_errors, exception, context.Request.Method, context.Request.Path.Value ?? "/", context.TraceIdentifier);
            context.Response.Clear();
            await GatewayProblem.WriteAsync(
                context, StatusCodes.Status500InternalServerError, "The gateway logged the error; quote the traceId when reporting it.").ConfigureAwait(false);
        }
        finally
        {
            if (accessLog)
            {
                var proxy = context.Features.Get<Yarp.ReverseProxy.Model.IReverseProxyFeature>();
                access.Write(
                    context.Request.Method,
                    context.Request.Path.Value ?? "/",
                    context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                    feature.Signer?.PartyId ?? "-",
                    proxy?.Route.Config.RouteId ?? "-",
                    proxy?.ProxiedDestination?.Model.Config.Address ?? "-");
            }
        }
    }

    private static string DetailOf(HttpContext context)
    {
        var error = context.Features.Get<IForwarderErrorFeature>()?.Error;
        return (context.Response.StatusCode, error) switch
        {
            (_, ForwarderError.NoAvailableDestinations) => "no connector replica is healthy; try again later",
            (_, ForwarderError.RequestTimedOut) => "the connector replica did not answer in time",
            (_, ForwarderError.Request or ForwarderError.RequestCreation) => "the connector replica could not be reached",
            (_, not null) => $"forwarding to the connector failed ({error})",
            (StatusCodes.Status404NotFound, _) => $"no route at {context.Request.Method} {context.Request.Path}: the gateway forwards only the routes in docs/gateway.md",
            (StatusCodes.Status413PayloadTooLarge, _) => "the request body is larger than the gateway forwards",
            (StatusCodes.Status503ServiceUnavailable, _) => "no connector replica is healthy; try again later",
            _ => "the gateway could not handle the request",
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.UnhandledException, EventName = nameof(EventIds.UnhandledException), Level = LogLevel.Error,
            Message = "Unhandled exception in {RequestMethod} {RequestPath}; answered 500 with trace id {TraceId}")]
        public static partial void Unhandled(ILogger logger, Exception exception, string requestMethod, string requestPath, string traceId);
    }
}
