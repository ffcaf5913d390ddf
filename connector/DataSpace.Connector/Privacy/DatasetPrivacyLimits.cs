namespace DataSpace.Connector.Privacy;

/// <summary>One dataset's own limits (<c>Connector:Privacy:Datasets</c>); a field left out keeps the default.</summary>
public sealed class DatasetPrivacyLimits
{
    /// <summary>The dataset's id.</summary>
    public string Dataset { get; set; } = "";

    public double? DataUserEpsilon { get; set; }

    public double? DataUserDelta { get; set; }

    public double? DatasetEpsilon { get; set; }

    public double? DatasetDelta { get; set; }
}
