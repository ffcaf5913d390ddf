namespace DataSpace.Connector.Api;

internal sealed partial class DatasetRegistrations
{
    private static partial class Log
    {
        [LoggerMessage(EventIds.DatasetRegistrationCrashed, LogLevel.Error,
            "Asynchronous registration {Registration} of dataset {DatasetId} failed unexpectedly", EventName = "DatasetRegistrationCrashed")]
        public static partial void Crashed(ILogger logger, string registration, string datasetId, Exception exception);
    }
}
