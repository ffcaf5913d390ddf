using System.Text.Json;

namespace DataSpace.Sandbox.Models;

/// <summary>
/// The JSON a job passes to <c>dsc_train</c>:
/// <c>{"trainer":"linear-regression","label":"y","features":["a","b"]}</c> or
/// <c>{"trainer":"k-means","features":["a","b"],"clusters":3}</c>. Parsing is strict; see <see cref="Parse"/>.
/// </summary>
public sealed record ModelSpec
{
    public const int MaxSpecBytes = 4096;
    public const int MaxFeatures = 64;
    public const int MinClusters = 2;
    public const int MaxClusters = 64;

    public required ModelTrainerKind Trainer { get; init; }

    /// <summary>The label column; null for k-means.</summary>
    public string? Label { get; init; }

    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>The number of clusters for k-means; null otherwise.</summary>
    public int? Clusters { get; init; }

    /// <summary>
    /// Parses a spec. Unknown or repeated properties, wrong JSON types, a missing label (supervised trainers),
    /// a label for k-means, missing or out-of-range clusters (k-means only, 2..64), no features, duplicate
    /// features, the label among the features, more than 64 features or more than 4 KiB throw
    /// <see cref="JobViolationException"/> with a message naming the JSON path.
    /// </summary>
    public static ModelSpec Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxSpecBytes)
        {
            throw Violation("$", $"is {utf8Json.Length} bytes, at most {MaxSpecBytes} are allowed");
        }

        try
        {
            return ParseCore(utf8Json);
        }
        catch (JsonException e)
        {
            throw new JobViolationException($"model spec: not valid JSON at byte {e.BytePositionInLine}", e);
        }
    }

    private static ModelSpec ParseCore(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 4 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw Violation("$", "must be a JSON object");
        }

        string? trainerName = null;
        string? label = null;
        List<string>? features = null;
        int? clusters = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (!seen.Add(name))
            {
                throw Violation($"$.{name}", "appears twice");
            }

            reader.Read();
            switch (name)
            {
                case "trainer":
                    trainerName = ReadString(ref reader, "$.trainer");
                    break;
                case "label":
                    label = ReadString(ref reader, "$.label");
                    break;
                case "features":
                    features = ReadFeatures(ref reader);
                    break;
                case "clusters":
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var k))
                    {
                        throw Violation("$.clusters", "must be an integer");
                    }

                    clusters = k;
                    break;
                default:
                    throw Violation($"$.{name}", "is not a known property (trainer, label, features, clusters)");
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            throw Violation("$", "must be one JSON object and nothing after it");
        }

        var trainer = trainerName switch
        {
            null => throw Violation("$.trainer", "is missing"),
            "linear-regression" => ModelTrainerKind.LinearRegression,
            "logistic-regression" => ModelTrainerKind.LogisticRegression,
            "k-means" => ModelTrainerKind.KMeans,
            _ => throw Violation("$.trainer", "must be \"linear-regression\", \"logistic-regression\" or \"k-means\""),
        };
        if (features is null)
        {
            throw Violation("$.features", "is missing");
        }

        if (trainer == ModelTrainerKind.KMeans)
        {
            if (label is not null)
            {
                throw Violation("$.label", "is not allowed for k-means");
            }

            if (clusters is not { } k)
            {
                throw Violation("$.clusters", "is missing; k-means needs the number of clusters");
            }

            if (k is < MinClusters or > MaxClusters)
            {
                throw Violation("$.clusters", $"must be between {MinClusters} and {MaxClusters}");
            }
        }
        else
        {
            if (label is null)
            {
                throw Violation("$.label", $"is missing; {trainerName} needs a label column");
            }

            if (clusters is not null)
            {
                throw Violation("$.clusters", $"is only allowed for k-means");
            }

            if (features.Contains(label, StringComparer.Ordinal))
            {
                throw Violation("$.features", $"contains the label '{label}'");
            }
        }

        return new ModelSpec { Trainer = trainer, Label = label, Features = features, Clusters = clusters };
    }

    private static List<string> ReadFeatures(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Violation("$.features", "must be an array of column names");
        }

        var features = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var path = $"$.features[{features.Count}]";
            var feature = ReadString(ref reader, path);
            if (features.Contains(feature, StringComparer.Ordinal))
            {
                throw Violation(path, $"repeats the feature '{feature}'");
            }

            features.Add(feature);
            if (features.Count > MaxFeatures)
            {
                throw Violation("$.features", $"has more than {MaxFeatures} columns");
            }
        }

        if (features.Count == 0)
        {
            throw Violation("$.features", "is empty");
        }

        return features;
    }

    private static string ReadString(ref Utf8JsonReader reader, string path)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Violation(path, "must be a string");
        }

        var value = reader.GetString()!;
        return value.Length == 0 ? throw Violation(path, "must not be empty") : value;
    }

    private static JobViolationException Violation(string path, string problem) => new($"model spec: {path} {problem}");
}
