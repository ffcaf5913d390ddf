using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace DataSpace.Gateway.Diagnostics;

/// <summary>
/// The access log's one line per request, written straight to Serilog: the event is built from a template parsed
/// once and the request's values, without going through Microsoft.Extensions.Logging (whose provider captures and
/// converts every property again), since this is the only log write on the hot path. The event has the shape a
/// logger of category <see cref="GatewayEdgeMiddleware.AccessLogCategory"/> would give it: <c>SourceContext</c>,
/// <c>EventId</c> {Id 2200, Name AccessLog} and the request's properties (docs/gateway.md, "Logs").
/// </summary>
internal sealed class GatewayAccessLog(Serilog.ILogger root)
{
    private static readonly MessageTemplate Template = new MessageTemplateParser().Parse(
        "{RequestMethod} {RequestPath} {StatusCode} {Elapsed:0.000} ms party={Party} route={Route} replica={Replica}");

    private static readonly LogEventProperty EventId = new(
        "EventId",
        new StructureValue([new LogEventProperty("Id", new ScalarValue(EventIds.AccessLog)), new LogEventProperty("Name", new ScalarValue(nameof(EventIds.AccessLog)))]));

    private readonly Serilog.ILogger _logger = root.ForContext(Constants.SourceContextPropertyName, GatewayEdgeMiddleware.AccessLogCategory);

    public void Write(string method, string path, int status, double elapsedMs, string party, string route, string replica)
    {
        if (!_logger.IsEnabled(LogEventLevel.Information))
        {
            return;
        }

        _logger.Write(new LogEvent(
            DateTimeOffset.Now,
            LogEventLevel.Information,
            exception: null,
            Template,
            [
                EventId,
                new LogEventProperty("RequestMethod", new ScalarValue(method)),
                new LogEventProperty("RequestPath", new ScalarValue(path)),
                new LogEventProperty("StatusCode", new ScalarValue(status)),
                new LogEventProperty("Elapsed", new ScalarValue(elapsedMs)),
                new LogEventProperty("Party", new ScalarValue(party)),
                new LogEventProperty("Route", new ScalarValue(route)),
                new LogEventProperty("Replica", new ScalarValue(replica)),
            ]));
    }
}
