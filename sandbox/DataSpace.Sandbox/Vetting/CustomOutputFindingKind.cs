namespace DataSpace.Sandbox.Vetting;

/// <summary>Why custom output was refused.</summary>
public enum CustomOutputFindingKind
{
    /// <summary>A value of a column marked identifying occurs in the output.</summary>
    IdentifyingValue = 1,

    /// <summary>All non-null values of an input row occur in order on one line of the output.</summary>
    WholeRow = 2,

    /// <summary>The check could not finish (output too large, or its work budget spent): refused, failing closed.</summary>
    CheckIncomplete = 3,
}
