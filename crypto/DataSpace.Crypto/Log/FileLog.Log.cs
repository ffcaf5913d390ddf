using Microsoft.Extensions.Logging;

namespace DataSpace.Crypto.Log;

internal sealed partial class FileLog
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, EventName = "LogCommitted", Level = LogLevel.Trace, Message = "Committed {Count} entries; the log holds {Size}")]
        public static partial void Committed(ILogger logger, int count, long size);

        [LoggerMessage(EventId = 1002, EventName = "LogCommitFailed", Level = LogLevel.Critical, Message = "The log could not commit; it refuses appends until a write succeeds again")]
        public static partial void CommitFailed(ILogger logger, Exception error);

        [LoggerMessage(EventId = 1003, EventName = "LogTornTailCut", Level = LogLevel.Warning, Message = "Cut a torn tail of {Bytes} bytes from the log at offset {Offset}; the log holds {Size} entries")]
        public static partial void TornTailCut(ILogger logger, long bytes, long offset, long size);

        [LoggerMessage(EventId = 1004, EventName = "LogRecovered", Level = LogLevel.Information, Message = "Opened the log with {Size} entries; rebuilt derived files for {Rebuilt} of them")]
        public static partial void Recovered(ILogger logger, long size, long rebuilt);

        [LoggerMessage(EventId = 1005, EventName = "LogVerified", Level = LogLevel.Information, Message = "Verified the log's {Size} entries (signed checkpoint at {CheckpointSize}) in {Milliseconds:0} ms")]
        public static partial void Verified(ILogger logger, long size, long? checkpointSize, double milliseconds);

        [LoggerMessage(EventId = 1006, EventName = "LogVerificationFailed", Level = LogLevel.Critical, Message = "The log failed verification ({Failure}, entry {EntryIndex}): {Detail}")]
        public static partial void VerificationFailed(ILogger logger, LogCheckFailure failure, long? entryIndex, string detail);

        [LoggerMessage(EventId = 1007, EventName = "LogDerivedFilesRebuilt", Level = LogLevel.Warning, Message = "The log's derived files disagree with its entries; rebuilding them: {Detail}")]
        public static partial void DerivedFilesRebuilt(ILogger logger, string detail);

        [LoggerMessage(EventId = 1008, EventName = "LogResumed", Level = LogLevel.Warning, Message = "The log writes again after {FailedRetries} failed attempts; it holds {Size} entries")]
        public static partial void Resumed(ILogger logger, int failedRetries, long size);

        [LoggerMessage(EventId = 1009, EventName = "LogRetryFailed", Level = LogLevel.Debug, Message = "The log still cannot write (attempt {Attempt})")]
        public static partial void RetryFailed(ILogger logger, int attempt, Exception error);
    }
}
