using System.Text.Json.Serialization;

namespace DataSpace.Sandbox.Aggregation;

/// <summary>The noise added to released counts and sums; serialised by name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NoiseMechanism>))]
public enum NoiseMechanism
{
    /// <summary>Exact values; only the minimum group size protects anything.</summary>
    None,

    /// <summary>Discrete Laplace noise: pure epsilon-differential privacy.</summary>
    Laplace,

    /// <summary>Discrete Gaussian noise: (epsilon, delta)-differential privacy.</summary>
    Gaussian,
}
