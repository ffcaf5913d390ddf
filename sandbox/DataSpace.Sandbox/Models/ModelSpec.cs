using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace DataSpace.Sandbox.Models;

/// <summary>
/// A model: the JSON a manifest declares as its <c>model</c> and a job passes to <c>dsc_train</c>, which must be
/// the same model (<see cref="Matches"/>):
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
    public static ModelSpec Parse(ReadOnlySpan<byte> utf8Json) =>
        TryParse(utf8Json, out var spec, out var path, out var problem)
            ? spec
            : throw new JobViolationException(path is null ? $"model spec: {problem}" : $"model spec: {path} {problem}");

    /// <summary>
    /// Parses a spec as <see cref="Parse"/> does, reporting a refusal as the JSON path of the problem (relative to the
    /// spec's root <c>$</c>, null when the text is not JSON at all) and what is wrong, instead of throwing.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out ModelSpec? spec, out string? path, out string problem)
    {
        (spec, path, problem) = (null, null, "");
        try
        {
            if (utf8Json.Length > MaxSpecBytes)
            {
                throw Violation("$", $"is {utf8Json.Length} bytes, at most {MaxSpecBytes} are allowed");
            }

            spec = ParseCore(utf8Json);
            return true;
        }
        catch (SpecProblem e)
        {
            (path, problem) = (e.Path, e.Problem);
            return false;
        }
        catch (JsonException e)
        {
            problem = $"not valid JSON at byte {e.BytePositionInLine}";
            return false;
        }
    }

    /// <summary>The trainer's name as a spec writes it: <c>linear-regression</c>, <c>logistic-regression</c>, <c>k-means</c>.</summary>
    public static string NameOf(ModelTrainerKind trainer) => trainer switch
    {
        ModelTrainerKind.LinearRegression => "linear-regression",
        ModelTrainerKind.LogisticRegression => "logistic-regression",
        ModelTrainerKind.KMeans => "k-means",
        _ => throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "unknown trainer"),
    };

    /// <summary>Whether <paramref name="other"/> is exactly this model: trainer, label, the same features in the same order, clusters.</summary>
    public bool Matches(ModelSpec other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Trainer == other.Trainer
            && string.Equals(Label, other.Label, StringComparison.Ordinal)
            && Clusters == other.Clusters
            && Features.SequenceEqual(other.Features, StringComparer.Ordinal);
    }

    /// <summary>The spec as compact JSON, in the order trainer, label, features, clusters (what <see cref="Parse"/> reads back).</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("trainer", NameOf(Trainer));
            if (Label is not null)
            {
                writer.WriteString("label", Label);
            }

            writer.WriteStartArray("features");
            foreach (var feature in Features)
            {
                writer.WriteStringValue(feature);
            }

            writer.WriteEndArray();
            if (Clusters is { } clusters)
            {
                writer.WriteNumber("clusters", clusters);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
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

    private static SpecProblem Violation(string path, string problem) => new(path, problem);

    /// <summary>A refusal while parsing, turned into <see cref="TryParse"/>'s path and problem.</summary>
    private sealed class SpecProblem(string path, string problem) : Exception($"{path} {problem}")
    {
        public string Path { get; } = path;

        public string Problem { get; } = problem;
    }
}
