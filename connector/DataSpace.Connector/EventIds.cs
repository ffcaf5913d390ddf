namespace DataSpace.Connector;

/// <summary>
/// Every event id the connector logs, in one list so ids never collide; each <c>[LoggerMessage]</c> uses its
/// constant and name. Ranges by area: hosting 1000-1099; storage 1100-1199, identity and trust 1200-1299,
/// flows 1300-1499, job runner 1500-1599 are reserved.
/// </summary>
internal static class EventIds
{
    public const int ConnectorStarted = 1000;
    public const int DataDirectoryCreated = 1001;
    public const int DataDirectoryTooOpen = 1002;
    public const int KeyGenerated = 1003;
    public const int KeyLoaded = 1004;
    public const int ConnectorStopping = 1005;
    public const int FinalCheckpointSigned = 1006;
    public const int FinalCheckpointFailed = 1007;
    public const int UnhandledException = 1010;
    public const int ClientError = 1011;
    public const int StartRefusedCorruptLog = 1030;
    public const int StartRefusedDatabase = 1031;
    public const int StartedWithEmptyDatabase = 1032;
    public const int MetricsListening = 1020;

    public const int OperationRecovered = 1300;
    public const int OperationAbortFailed = 1301;
    public const int OperationSettled = 1302;
    public const int AuditIndexFailed = 1310;
    public const int DatasetRegistrationCrashed = 1320;
    public const int SharedLogOpened = 1400;
    public const int SharedLogAppendFailed = 1401;
    public const int SharedLogResumed = 1402;

    public const int JobCrashed = 1500;
    public const int InterruptedJobFailed = 1501;
    public const int JobSubmitted = 1510;
    public const int JobApproved = 1511;
    public const int JobRejected = 1512;
    public const int JobStarted = 1513;
    public const int JobFinished = 1514;
    public const int JobRefused = 1515;
    public const int FederationStepFailed = 1520;
    public const int JobTaskCrashed = 1521;
    public const int JobTaskHintsFailed = 1522;
}
