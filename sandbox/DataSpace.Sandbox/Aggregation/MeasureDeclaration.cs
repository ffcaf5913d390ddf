namespace DataSpace.Sandbox.Aggregation;

/// <summary>
/// A measure as the job declared it: every contributed value is clamped to [<see cref="Lower"/>, <see cref="Upper"/>].
/// </summary>
public sealed record MeasureDeclaration(string Name, double Lower, double Upper)
{
    /// <summary>
    /// Number of grid steps per sensitivity: values are quantised to multiples of
    /// <see cref="Granularity"/> = <see cref="Sensitivity"/> / 2^<see cref="GridBits"/> for noisy release.
    /// </summary>
    public const int GridBits = 20;

    /// <summary>How far one row can move this measure's sum: max(|lower|, |upper|).</summary>
    public double Sensitivity => Math.Max(Math.Abs(Lower), Math.Abs(Upper));

    /// <summary>The grid step of noisy sums: <see cref="Sensitivity"/> / 2^<see cref="GridBits"/>.</summary>
    public double Granularity => Math.ScaleB(Sensitivity, -GridBits);
}
