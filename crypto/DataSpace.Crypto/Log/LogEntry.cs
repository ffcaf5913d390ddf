using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DataSpace.Crypto.Json;

namespace DataSpace.Crypto.Log;

/// <summary>
/// One audited event, serialised as RFC 8785 canonical JSON with the lower-case property names below
/// (docs/audit-log.md, "Entries").
/// </summary>
public sealed record LogEntry
{
    private const string WhenFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>"when": RFC 3339 UTC with exactly millisecond precision; finer ticks are truncated.</summary>
    public required DateTimeOffset When { get; init; }

    /// <summary>"actor": key id of whoever caused the event (a party or the connector itself).</summary>
    public required string Actor { get; init; }

    /// <summary>"action": for example <c>dataset.read</c>, <c>policy.decide</c>, <c>job.approve</c>.</summary>
    public required string Action { get; init; }

    /// <summary>"resource": for example <c>dataset/tax-2025</c>.</summary>
    public required string Resource { get; init; }

    /// <summary>"decision": for example <c>permit</c> or <c>deny</c>; omitted when null.</summary>
    public string? Decision { get; init; }

    /// <summary>"digests": name to <c>sha256:&lt;hex&gt;</c> and the like; omitted when null or empty.</summary>
    public IReadOnlyDictionary<string, string>? Digests { get; init; }

    /// <summary>"signature": the actor's own request signature (base64) when it signed one; omitted when null.</summary>
    public string? Signature { get; init; }

    /// <summary>"details": other string facts (job id, reason); omitted when null or empty.</summary>
    public IReadOnlyDictionary<string, string>? Details { get; init; }

    /// <summary>The canonical bytes: members in RFC 8785 order (action, actor, decision, details, digests, resource, signature, when).</summary>
    /// <exception cref="CanonicalJsonException">A string holds a lone surrogate.</exception>
    public byte[] ToCanonicalJson()
    {
        ArgumentNullException.ThrowIfNull(Actor);
        ArgumentNullException.ThrowIfNull(Action);
        ArgumentNullException.ThrowIfNull(Resource);
        var output = new ArrayBufferWriter<byte>(256);
        var path = new JsonPathBuilder();
        output.Write("{"u8);
        WriteMember(output, path, "action", Action, first: true);
        WriteMember(output, path, "actor", Actor);
        WriteMember(output, path, "decision", Decision);
        WriteMap(output, path, "details", Details);
        WriteMap(output, path, "digests", Digests);
        WriteMember(output, path, "resource", Resource);
        WriteMember(output, path, "signature", Signature);
        WriteWhen(output);
        output.Write("}"u8);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Reads an entry from its canonical bytes, refusing anything <see cref="ToCanonicalJson"/> would not write.</summary>
    /// <exception cref="LogFormatException">Invalid or non-canonical JSON, an unknown or missing property, or a wrong type.</exception>
    public static LogEntry Parse(ReadOnlySpan<byte> canonicalJson)
    {
        var entry = ReadFields(canonicalJson);
        byte[] canonical;
        try
        {
            canonical = entry.ToCanonicalJson();
        }
        catch (CanonicalJsonException exception)
        {
            throw new LogFormatException(exception.Path, exception.Reason, exception);
        }

        var difference = canonicalJson.CommonPrefixLength(canonical);
        if (difference != canonical.Length || difference != canonicalJson.Length)
        {
            throw new LogFormatException("$", $"not in RFC 8785 canonical form (first difference at byte {difference})");
        }

        return entry;
    }

    private static LogEntry ReadFields(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 3 });
        var path = "$";
        string? actor = null, action = null, resource = null, decision = null, signature = null, when = null;
        IReadOnlyDictionary<string, string>? digests = null, details = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new LogFormatException(path, "expected a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                path = JsonPathBuilder.Of(name);
                reader.Read();
                var seen = name switch
                {
                    "action" => Assign(ref action, ReadString(ref reader, path)),
                    "actor" => Assign(ref actor, ReadString(ref reader, path)),
                    "decision" => Assign(ref decision, ReadString(ref reader, path)),
                    "details" => Assign(ref details, ReadMap(ref reader, name)),
                    "digests" => Assign(ref digests, ReadMap(ref reader, name)),
                    "resource" => Assign(ref resource, ReadString(ref reader, path)),
                    "signature" => Assign(ref signature, ReadString(ref reader, path)),
                    "when" => Assign(ref when, ReadString(ref reader, path)),
                    _ => throw new LogFormatException(path, "unknown property"),
                };
                if (seen)
                {
                    throw new LogFormatException(path, "duplicate property");
                }
            }

            path = "$";
            reader.Read();
        }
        catch (JsonException exception)
        {
            throw new LogFormatException(path, "invalid JSON: " + exception.Message, exception);
        }
        catch (InvalidOperationException exception)
        {
            throw new LogFormatException(path, "invalid string: " + exception.Message, exception);
        }

        if (when is not null && !TryParseWhen(when, out _))
        {
            throw new LogFormatException("$.when", "expected an RFC 3339 UTC time with milliseconds, such as 2026-11-23T09:15:00.123Z");
        }

        TryParseWhen(when ?? throw Missing("when"), out var instant);
        return new LogEntry
        {
            When = instant,
            Actor = actor ?? throw Missing("actor"),
            Action = action ?? throw Missing("action"),
            Resource = resource ?? throw Missing("resource"),
            Decision = decision,
            Digests = digests,
            Signature = signature,
            Details = details,
        };
    }

    private static bool Assign<T>(ref T? field, T value)
        where T : class
    {
        var seen = field is not null;
        field = value;
        return seen;
    }

    private static string ReadString(ref Utf8JsonReader reader, string path) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new LogFormatException(path, $"expected a string, found {reader.TokenType}");

    private static Dictionary<string, string> ReadMap(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new LogFormatException(JsonPathBuilder.Of(name), $"expected an object of strings, found {reader.TokenType}");
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            var path = JsonPathBuilder.Of(name, key);
            reader.Read();
            if (!map.TryAdd(key, ReadString(ref reader, path)))
            {
                throw new LogFormatException(path, "duplicate property");
            }
        }

        return map;
    }

    private static LogFormatException Missing(string name) =>
        new(JsonPathBuilder.Of(name), "required property is missing");

    private static void WriteMember(IBufferWriter<byte> output, JsonPathBuilder path, string name, string? value, bool first = false)
    {
        if (value is null)
        {
            return;
        }

        WriteName(output, name, first);
        path.Push(name);
        CanonicalTranscoder.WriteString(output, value, path);
        path.Pop();
    }

    private static void WriteMap(IBufferWriter<byte> output, JsonPathBuilder path, string name, IReadOnlyDictionary<string, string>? map)
    {
        if (map is null || map.Count == 0)
        {
            return;
        }

        WriteName(output, name, first: false);
        path.Push(name);
        var keys = new string[map.Count];
        var count = 0;
        foreach (var key in map.Keys)
        {
            keys[count++] = key;
        }

        // RFC 8785 section 3.2.3: ordinal string order is UTF-16 code unit order.
        Array.Sort(keys, StringComparer.Ordinal);
        output.Write("{"u8);
        for (var i = 0; i < keys.Length; i++)
        {
            if (i > 0)
            {
                output.Write(","u8);
            }

            path.Push(keys[i]);
            CanonicalTranscoder.WriteString(output, keys[i], path);
            output.Write(":"u8);
            CanonicalTranscoder.WriteString(output, map[keys[i]] ?? throw new ArgumentException($"{path}: value is null"), path);
            path.Pop();
        }

        output.Write("}"u8);
        path.Pop();
    }

    private static void WriteName(IBufferWriter<byte> output, string name, bool first)
    {
        if (!first)
        {
            output.Write(","u8);
        }

        output.Write("\""u8);
        Encoding.UTF8.GetBytes(name, output);
        output.Write("\":"u8);
    }

    private void WriteWhen(IBufferWriter<byte> output)
    {
        WriteName(output, "when", first: false);
        var span = output.GetSpan(32);
        span[0] = (byte)'"';
        When.UtcDateTime.TryFormat(span[1..], out var written, WhenFormat, CultureInfo.InvariantCulture);
        span[written + 1] = (byte)'"';
        output.Advance(written + 2);
    }

    private static bool TryParseWhen(string text, out DateTimeOffset when) =>
        DateTimeOffset.TryParseExact(text, WhenFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out when);
}
