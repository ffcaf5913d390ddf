using Microsoft.Extensions.Logging;

namespace DataSpace.Crypto.Log;

internal sealed partial class FileLog
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, EventName = "LogCommitted", Level = LogLevel.Trace, Message = "Committed {Count} entries; the log holds {Size}")]
        public static partial void Committed(ILogger logger, int count, long size);

        [LoggerMessage(EventId = 1002, EventName = "LogCommitFailed", Level = LogLevel.Critical, Message = "The log could not commit; it refuses further appends")]
        public static partial void CommitFailed(ILogger logger, Exception error);

        [LoggerMessage(EventId = 1003, EventName = "LogTornTailCut", Level = LogLevel.Warning, Message = "Cut a torn tail of {Bytes} bytes from the log at offset {Offset}; the log holds {Size} entries")]
        public static partial void TornTailCut(ILogger logger, long bytes, long offset, long size);

        [LoggerMessage(EventId = 1004, EventName = "LogRecovered", Level = LogLevel.Information, Message = "Opened the log with {Size} entries; rebuilt derived files for {Rebuilt} of them")]
        public static partial void Recovered(ILogger logger, long size, long rebuilt);
    }
}
