using System.Text.Json;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Log;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace DataSpace.Connector.Hosting;

/// <summary>
/// Maps exceptions to problem details. Known client errors keep their status and a detail that names what is
/// wrong; anything else is a 500 whose only content is the trace id. Stack traces go to the log, never the client.
/// </summary>
internal sealed partial class ConnectorExceptionHandler(ILogger<ConnectorExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        var problem = Map(exception);
        ProblemResponses.Complete(problem, httpContext);
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        if (problem.Status >= StatusCodes.Status500InternalServerError)
        {
            Log.UnhandledException(logger, exception, httpContext.Request.Method, httpContext.Request.Path, problem.Extensions[ProblemResponses.TraceIdMember]);
        }
        else
        {
            Log.ClientError(logger, problem.Status!.Value, exception.GetType().Name, httpContext.Request.Method, httpContext.Request.Path);
        }

        await ProblemResponses.WriteAsync(httpContext, problem).ConfigureAwait(false);
        return true;
    }

    internal static ProblemDetails Map(Exception exception) => exception switch
    {
        ConnectorProblemException known => new ProblemDetails
        {
            Status = known.Status,
            Title = known.Title,
            Detail = known.Detail,
            Type = known.Type?.ToString(),
        },
        BadHttpRequestException { InnerException: JsonException json } badJson => new ProblemDetails
        {
            Status = badJson.StatusCode,
            Title = "Malformed JSON",
            Detail = $"{badJson.Message} {json.Message}",
        },
        BadHttpRequestException badRequest => new ProblemDetails { Status = badRequest.StatusCode, Detail = badRequest.Message },
        JsonException json => new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "Malformed JSON", Detail = json.Message },
        ArgumentException argument => new ProblemDetails { Status = StatusCodes.Status400BadRequest, Detail = argument.Message },
        // The log or the database cannot write now (a full disk, an I/O error): nothing was acknowledged, and readiness
        // is failing too, so a gateway takes this replica out; the request may be sent again (docs/audit-log.md, "Write failures").
        LogUnavailableException => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The audit log cannot write",
            Detail = "The connector cannot record the request in its audit log now (its disk is full or failing), so it did not act on it; try again later.",
        },
        _ when StorageFailures.IsOutOfSpace(exception) => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The database cannot write",
            Detail = "The connector's database cannot write now (its disk is full or failing), so the request did not take effect; try again later.",
        },
        _ => new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "An unexpected error occurred",
            Detail = "The connector logged the error; quote the traceId when reporting it.",
        },
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.UnhandledException, EventName = nameof(EventIds.UnhandledException), Level = LogLevel.Error,
            Message = "Unhandled exception in {RequestMethod} {RequestPath}; answered 500 with trace id {TraceId}")]
        public static partial void UnhandledException(ILogger logger, Exception exception, string requestMethod, PathString requestPath, object? traceId);

        [LoggerMessage(EventId = EventIds.ClientError, EventName = nameof(EventIds.ClientError), Level = LogLevel.Information,
            Message = "Answered {StatusCode} to {RequestMethod} {RequestPath} for {ExceptionType}")]
        public static partial void ClientError(ILogger logger, int statusCode, string exceptionType, string requestMethod, PathString requestPath);
    }
}
