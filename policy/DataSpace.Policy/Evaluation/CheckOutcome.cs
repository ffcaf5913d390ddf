namespace DataSpace.Policy.Evaluation;

/// <summary>The outcome of one compiled check. Missing and Unsupported deny in any rule (fail closed).</summary>
internal enum CheckOutcome
{
    Satisfied,
    Violated,
    Missing,
    Unsupported,
}
