namespace DataSpace.Policy.JsonLd;

/// <summary>One problem in a policy document: where (a JSON path such as <c>permission[0].constraint[1].operator</c>) and why.</summary>
public sealed record PolicyError(string Path, PolicyErrorKind Kind, string Reason)
{
    public override string ToString() => $"{(Path.Length == 0 ? "$" : Path)}: {Reason}";
}
