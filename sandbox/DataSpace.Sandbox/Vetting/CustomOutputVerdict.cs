namespace DataSpace.Sandbox.Vetting;

/// <summary>
/// The leak check's answer for custom output. Passing does not release the output: it is then held for the
/// supplier's review (docs/sandbox-custom-output.md).
/// </summary>
public sealed record CustomOutputVerdict
{
    /// <summary>True when nothing was found.</summary>
    public bool Passed => Findings.Count == 0;

    /// <summary>What was found, at most <see cref="CustomOutputCheckOptions.MaxFindings"/>, in input-row order.</summary>
    public required IReadOnlyList<CustomOutputFinding> Findings { get; init; }

    /// <summary>True when the check stopped at <see cref="CustomOutputCheckOptions.MaxFindings"/>: there may be more.</summary>
    public bool FindingsTruncated { get; init; }
}
