namespace DataSpace.Sandbox.Hosting;

/// <summary>What a job may release, fixed by its manifest and the policy (<c>dsc:outputKind</c>).</summary>
public enum OutputKind
{
    /// <summary>Host-computed count, sum and mean per group, suppressed below the minimum group size, noised where the policy asks.</summary>
    Aggregate,

    /// <summary>A model trained by the host with ML.NET: parameters and metrics only.</summary>
    Model,

    /// <summary>Bytes the job writes, released only after a leak check and the supplier's review.</summary>
    Custom,
}
