namespace DataSpace.Policy.JsonLd;

/// <summary>Bounds on the documents <see cref="PolicyParser"/> accepts.</summary>
public sealed record PolicyParserOptions
{
    public static PolicyParserOptions Default { get; } = new();

    /// <summary>Largest document accepted, in UTF-8 bytes.</summary>
    public int MaxBytes { get; init; } = 1024 * 1024;

    /// <summary>Deepest nesting of arrays and objects accepted.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Errors reported before the parser stops collecting more.</summary>
    public int MaxErrors { get; init; } = 50;
}
