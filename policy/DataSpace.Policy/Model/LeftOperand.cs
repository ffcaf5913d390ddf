namespace DataSpace.Policy.Model;

/// <summary>The left operands this connector knows: ODRL 2.2's (ODRL Vocabulary §4.19) and the profile's (docs/policy-profile.md).</summary>
public enum LeftOperand
{
    /// <summary>A left operand IRI outside the vocabulary; evaluation denies it with a reason.</summary>
    Unknown,

    /// <summary><c>odrl:absolutePosition</c>.</summary>
    AbsolutePosition,
    /// <summary><c>odrl:absoluteSpatialPosition</c>.</summary>
    AbsoluteSpatialPosition,
    /// <summary><c>odrl:absoluteTemporalPosition</c>.</summary>
    AbsoluteTemporalPosition,
    /// <summary><c>odrl:absoluteSize</c>.</summary>
    AbsoluteSize,
    /// <summary><c>odrl:count</c>.</summary>
    Count,
    /// <summary><c>odrl:dateTime</c>.</summary>
    DateTime,
    /// <summary><c>odrl:delayPeriod</c>.</summary>
    DelayPeriod,
    /// <summary><c>odrl:deliveryChannel</c>.</summary>
    DeliveryChannel,
    /// <summary><c>odrl:elapsedTime</c>.</summary>
    ElapsedTime,
    /// <summary><c>odrl:event</c>.</summary>
    Event,
    /// <summary><c>odrl:fileFormat</c>.</summary>
    FileFormat,
    /// <summary><c>odrl:industry</c>.</summary>
    Industry,
    /// <summary><c>odrl:language</c>.</summary>
    Language,
    /// <summary><c>odrl:media</c>.</summary>
    Media,
    /// <summary><c>odrl:meteredTime</c>.</summary>
    MeteredTime,
    /// <summary><c>odrl:payAmount</c>.</summary>
    PayAmount,
    /// <summary><c>odrl:percentage</c>.</summary>
    Percentage,
    /// <summary><c>odrl:product</c>.</summary>
    Product,
    /// <summary><c>odrl:purpose</c>.</summary>
    Purpose,
    /// <summary><c>odrl:recipient</c>.</summary>
    Recipient,
    /// <summary><c>odrl:relativePosition</c>.</summary>
    RelativePosition,
    /// <summary><c>odrl:relativeSpatialPosition</c>.</summary>
    RelativeSpatialPosition,
    /// <summary><c>odrl:relativeTemporalPosition</c>.</summary>
    RelativeTemporalPosition,
    /// <summary><c>odrl:relativeSize</c>.</summary>
    RelativeSize,
    /// <summary><c>odrl:resolution</c>.</summary>
    Resolution,
    /// <summary><c>odrl:spatial</c>.</summary>
    Spatial,
    /// <summary><c>odrl:spatialCoordinates</c>.</summary>
    SpatialCoordinates,
    /// <summary><c>odrl:systemDevice</c>.</summary>
    SystemDevice,
    /// <summary><c>odrl:timeInterval</c>.</summary>
    TimeInterval,
    /// <summary><c>odrl:unitOfCount</c>.</summary>
    UnitOfCount,
    /// <summary><c>odrl:version</c>.</summary>
    Version,
    /// <summary><c>odrl:virtualLocation</c>.</summary>
    VirtualLocation,

    /// <summary><c>dsc:column</c>: The columns a job reads.</summary>
    Column,

    /// <summary><c>dsc:groupSize</c>: The number of rows behind each released aggregate group.</summary>
    GroupSize,

    /// <summary><c>dsc:epsilon</c>: The differential-privacy epsilon spent under the agreement.</summary>
    Epsilon,

    /// <summary><c>dsc:delta</c>: The differential-privacy delta spent under the agreement (Gaussian noise).</summary>
    Delta,

    /// <summary><c>dsc:moduleDigest</c>: The digest of the job's WebAssembly module.</summary>
    ModuleDigest,

    /// <summary><c>dsc:outputKind</c>: The kind of output: dsc:aggregate, dsc:model or dsc:custom.</summary>
    OutputKind,

    /// <summary><c>dsc:classificationLevel</c>: The classification level of the data read.</summary>
    ClassificationLevel,

    /// <summary><c>dsc:linkedDataset</c>: The other datasets a job joins with this one.</summary>
    LinkedDataset,

    /// <summary><c>dsc:filterColumn</c>: The columns an analysis plan compares with literals in its filters.</summary>
    FilterColumn,

    /// <summary><c>dsc:filterOperator</c>: The comparisons an analysis plan's filters make (<c>odrl:eq</c>, <c>odrl:lt</c>, ...).</summary>
    FilterOperator,

    /// <summary><c>dsc:priceBasis</c>: In a compensate duty, what the price is charged per (docs/metering.md).</summary>
    PriceBasis,

    /// <summary><c>dsc:cumulativeUsage</c>: In a compensate duty, the tier: the agreement's usage in the tier period (docs/metering.md).</summary>
    CumulativeUsage,

    /// <summary><c>dsc:tierPeriod</c>: In a compensate duty, the period cumulative usage is counted over (docs/metering.md).</summary>
    TierPeriod,
}
