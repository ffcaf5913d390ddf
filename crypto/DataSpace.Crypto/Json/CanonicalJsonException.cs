namespace DataSpace.Crypto.Json;

/// <summary>
/// Input that has no RFC 8785 canonical form: invalid JSON, a duplicate property name, a lone surrogate,
/// or a number outside the IEEE-754 double range. <see cref="Path"/> names where, <see cref="Reason"/> why.
/// </summary>
public sealed class CanonicalJsonException : FormatException
{
    internal CanonicalJsonException(string path, string reason, Exception? innerException = null)
        : base($"{path}: {reason}", innerException)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The JSON path of the offending value, for example <c>$.a[2].b</c>.</summary>
    public string Path { get; }

    public string Reason { get; }
}
