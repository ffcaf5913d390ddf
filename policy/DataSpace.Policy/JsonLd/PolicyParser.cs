using System.Text;
using System.Text.Json;

namespace DataSpace.Policy.JsonLd;

/// <summary>
/// Parses ODRL 2.2 policies written in JSON-LD (the forms are listed in docs/policy-profile.md).
/// Never throws for bad input: every problem comes back as a <see cref="PolicyError"/> with its JSON path.
/// No network access: contexts are recognised by IRI and never fetched.
/// </summary>
public static class PolicyParser
{
    public static PolicyParseResult Parse(string json, PolicyParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        options ??= PolicyParserOptions.Default;
        if (Encoding.UTF8.GetMaxByteCount(json.Length) > options.MaxBytes && Encoding.UTF8.GetByteCount(json) > options.MaxBytes)
        {
            return TooLarge(options);
        }

        return Parse(Encoding.UTF8.GetBytes(json), options);
    }

    public static PolicyParseResult Parse(ReadOnlySpan<byte> utf8Json, PolicyParserOptions? options = null)
    {
        options ??= PolicyParserOptions.Default;
        if (utf8Json.Length > options.MaxBytes)
        {
            return TooLarge(options);
        }

        if (CheckShape(utf8Json, options) is { } shapeError)
        {
            return PolicyParseResult.Failure([shapeError]);
        }

        using var document = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = options.MaxDepth + 1 });
        var session = new ParseSession(options);
        var policy = new PolicyReader(session).ReadPolicy(document.RootElement);
        return session.HasErrors || policy is null ? PolicyParseResult.Failure(session.Errors) : PolicyParseResult.Success(policy, session.Sources);
    }

    private static PolicyParseResult TooLarge(PolicyParserOptions options) =>
        PolicyParseResult.Failure([new PolicyError("", PolicyErrorKind.TooLarge, $"the document is larger than the limit of {options.MaxBytes} bytes")]);

    /// <summary>One pass over the tokens: well-formed JSON (RFC 8259) within the depth limit, before any tree is built.</summary>
    private static PolicyError? CheckShape(ReadOnlySpan<byte> utf8Json, PolicyParserOptions options)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = options.MaxDepth + 2 });
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth >= options.MaxDepth &&
                    reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    return new PolicyError("", PolicyErrorKind.TooDeep,
                        $"the document nests deeper than the limit of {options.MaxDepth} at byte {reader.TokenStartIndex}");
                }
            }

            return null;
        }
        catch (JsonException e)
        {
            return new PolicyError("", PolicyErrorKind.MalformedJson,
                $"malformed JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}");
        }
    }
}
