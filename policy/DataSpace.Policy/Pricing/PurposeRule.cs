using DataSpace.Policy.Model;

namespace DataSpace.Policy.Pricing;

/// <summary>
/// A price component's purpose condition: it applies to runs whose agreement purpose is one of
/// <see cref="Purposes"/> (<c>purpose isAnyOf</c>), or none of them (<c>purpose isNoneOf</c>).
/// Purposes compare ordinally; a <c>dsc:</c> or <c>odrl:</c> term equals its full IRI.
/// </summary>
public sealed record PurposeRule(bool IsAnyOf, ValueList<string> Purposes)
{
    /// <summary>Whether a run with <paramref name="purpose"/> (null: none stated) is priced by the component.</summary>
    public bool Matches(string? purpose)
    {
        var listed = purpose is not null && Contains(Normalize(purpose));
        return IsAnyOf ? listed : !listed;
    }

    /// <summary>Whether some purpose is matched by both rules (null rules match every purpose).</summary>
    internal static bool CanBothMatch(PurposeRule? first, PurposeRule? second) => (first, second) switch
    {
        (null, _) or (_, null) => true,
        ({ IsAnyOf: true }, { IsAnyOf: true }) => first.Purposes.Any(p => second.Contains(Normalize(p))),
        ({ IsAnyOf: true }, { IsAnyOf: false }) => first.Purposes.Any(p => !second.Contains(Normalize(p))),
        ({ IsAnyOf: false }, { IsAnyOf: true }) => second.Purposes.Any(p => !first.Contains(Normalize(p))),
        _ => true,
    };

    private bool Contains(string normalized)
    {
        foreach (var item in Purposes)
        {
            if (string.Equals(Normalize(item), normalized, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string Normalize(string term) =>
        term.StartsWith("dsc:", StringComparison.Ordinal) ? PolicyNamespaces.Profile + term[4..]
        : term.StartsWith("odrl:", StringComparison.Ordinal) ? PolicyNamespaces.Odrl + term[5..]
        : term;
}
