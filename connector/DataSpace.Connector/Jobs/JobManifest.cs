using System.Text.Json;
using DataSpace.Crypto.Signatures;
using DataSpace.Policy.Identifiers;
using DataSpace.Policy.State;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Models;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// What an operator submits with a module: the agreement it runs under, the dataset and columns it reads, what
/// it releases and to whom, and, for aggregates, the measures and group keys, for models, the model, that the
/// supplier approves with the module's digest (docs/job-manifest.md). Parsed strictly by <see cref="Parse(ReadOnlySpan{byte})"/>.
/// </summary>
public sealed record JobManifest
{
    /// <summary>Largest manifest accepted.</summary>
    public const int MaxBytes = 64 * 1024;

    public required string AgreementId { get; init; }

    public required string DatasetId { get; init; }

    /// <summary>The columns the job reads, in the order it numbers them.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    public required OutputKind Output { get; init; }

    /// <summary>The data user's public key: the result is sealed to it.</summary>
    public required PublicKey Recipient { get; init; }

    /// <summary>Aggregate measures and their clamping bounds.</summary>
    public IReadOnlyList<MeasureDeclaration> Measures { get; init; } = [];

    /// <summary>A read column whose values may serve as group keys.</summary>
    public string? GroupKeyColumn { get; init; }

    /// <summary>Group keys approved as they are (for example brackets).</summary>
    public IReadOnlyList<string> GroupKeys { get; init; } = [];

    /// <summary>
    /// The model a job of output kind model trains (trainer, label, features in order, clusters), required for that kind:
    /// the run's <c>dsc_train</c> call must ask for exactly this model, and the released model states it.
    /// </summary>
    public ModelSpec? Model { get; init; }

    /// <summary>Privacy budget this run spends, where the policy asks for noise: from <see cref="PrivacyParameters.MinEpsilon"/> to <see cref="PrivacyParameters.MaxEpsilon"/>.</summary>
    public double? Epsilon { get; init; }

    /// <summary>Delta for the Gaussian mechanism, where the policy asks for it: above 0, at most <see cref="PrivacyParameters.MaxDelta"/>.</summary>
    public double? Delta { get; init; }

    /// <summary>Limits the operator asks for; they can only lower the connector's.</summary>
    public JobLimits? Limits { get; init; }

    /// <summary>Parses a manifest; throws <see cref="ManifestException"/> naming the JSON path of the first problem.</summary>
    public static JobManifest Parse(ReadOnlySpan<byte> json) => Parse(json, plan: null);

    /// <summary>
    /// Parses the manifest of a job that runs <paramref name="plan"/> (docs/analysis-plans.md, "Submitting"), or of a
    /// module job when it is null. A plan says what is read and released: its manifest names no columns, measures, group
    /// keys or model, its output is <c>aggregate</c> (the default), and its dataset must be the plan's. The manifest's
    /// <see cref="Columns"/> are then the columns the plan reads from the dataset.
    /// </summary>
    public static JobManifest Parse(ReadOnlySpan<byte> json, DataSpace.Sandbox.Plans.AnalysisPlan? plan)
    {
        if (json.Length > MaxBytes)
        {
            throw new ManifestException("$", $"the manifest is {json.Length} bytes; the limit is {MaxBytes}");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new ManifestException("$", $"not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ManifestException("$", "must be an object");
            }

            if (plan is null)
            {
                Known(root, "$", "agreement", "dataset", "columns", "output", "recipient", "measures", "groupKeyColumn", "groupKeys", "model", "epsilon", "delta", "limits");
            }
            else
            {
                foreach (var property in root.EnumerateObject())
                {
                    if (property.Name is "columns" or "measures" or "groupKeyColumn" or "groupKeys" or "model")
                    {
                        throw new ManifestException($"$.{property.Name}", "comes from the plan: a plan's manifest names the agreement, dataset, recipient, privacy parameters and limits");
                    }
                }

                Known(root, "$", "agreement", "dataset", "output", "recipient", "epsilon", "delta", "limits");
            }

            var columns = plan is null ? Names(Required(root, "$", "columns"), "$.columns", allowEmpty: false) : [];
            var outputElement = plan is not null && !root.TryGetProperty("output", out _) ? default(JsonElement?) : Required(root, "$", "output");
            var output = outputElement is not { } outputValue ? OutputKind.Aggregate : Text(outputValue, "$.output") switch
            {
                "aggregate" => OutputKind.Aggregate,
                "model" => OutputKind.Model,
                "custom" => OutputKind.Custom,
                _ => throw new ManifestException("$.output", "must be \"aggregate\", \"model\" or \"custom\""),
            };
            PublicKey recipient;
            try
            {
                recipient = PublicKey.ImportPem(Text(Required(root, "$", "recipient"), "$.recipient"));
            }
            catch (Exception e) when (e is KeyFormatException or FormatException or ArgumentException)
            {
                throw new ManifestException("$.recipient", $"not a public key of a supported suite: {e.Message}");
            }

            var manifest = new JobManifest
            {
                AgreementId = Id(Required(root, "$", "agreement"), "$.agreement", "agreement"),
                DatasetId = Id(Required(root, "$", "dataset"), "$.dataset", "dataset"),
                Columns = columns,
                Output = output,
                Recipient = recipient,
                Measures = root.TryGetProperty("measures", out var measures) ? ParseMeasures(measures) : [],
                GroupKeyColumn = root.TryGetProperty("groupKeyColumn", out var keyColumn) ? Text(keyColumn, "$.groupKeyColumn") : null,
                GroupKeys = root.TryGetProperty("groupKeys", out var keys) ? Names(keys, "$.groupKeys", allowEmpty: true) : [],
                Model = root.TryGetProperty("model", out var model) ? ParseModel(model, columns) : null,
                Epsilon = root.TryGetProperty("epsilon", out var epsilon) ? PrivacyAmount(epsilon, "$.epsilon", PrivacyParameters.EpsilonProblem) : null,
                Delta = root.TryGetProperty("delta", out var delta) ? PrivacyAmount(delta, "$.delta", PrivacyParameters.DeltaProblem) : null,
                Limits = root.TryGetProperty("limits", out var limits) ? ParseLimits(limits) : null,
            };

            if (manifest.GroupKeyColumn is { } column && !columns.Contains(column, StringComparer.Ordinal))
            {
                throw new ManifestException("$.groupKeyColumn", $"'{column}' is not among the columns the job reads");
            }

            if (output != OutputKind.Aggregate && (manifest.Measures.Count > 0 || manifest.GroupKeyColumn is not null || manifest.GroupKeys.Count > 0))
            {
                throw new ManifestException("$", "measures and group keys belong to aggregate jobs only");
            }

            if (output == OutputKind.Model && manifest.Model is null)
            {
                throw new ManifestException("$.model", "is required for output \"model\": the trainer, label and features the job trains, which the supplier approves");
            }

            if (output != OutputKind.Model && manifest.Model is not null)
            {
                throw new ManifestException("$.model", "belongs to model jobs only");
            }

            if (manifest.Delta is not null && manifest.Epsilon is null)
            {
                throw new ManifestException("$.delta", "delta needs an epsilon");
            }

            if (plan is not null)
            {
                if (output != OutputKind.Aggregate)
                {
                    throw new ManifestException("$.output", "a plan releases aggregates: \"aggregate\"");
                }

                if (manifest.DatasetId != plan.Dataset)
                {
                    throw new ManifestException("$.dataset", $"the plan reads '{plan.Dataset}', not '{manifest.DatasetId}'");
                }

                manifest = manifest with { Columns = plan.ColumnsOf(plan.Dataset) };
            }

            return manifest;
        }
    }

    /// <summary>The vetting of this manifest under a permit's obligations (group size, noise) and the connector's defaults.</summary>
    public JobVetting Vetting(DataSpace.Policy.Evaluation.Decision decision, JobVetting defaults) =>
        JobVetting.FromDecision(decision, Epsilon, Delta, defaults) with
        {
            Measures = Measures,
            GroupKeys = GroupKeys,
            GroupKeyColumn = GroupKeyColumn,
            Model = Model,
        };

    private static void Known(JsonElement element, string path, params string[] names)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!names.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new ManifestException($"{path}.{property.Name}", "is not a manifest field");
            }
        }
    }

    private static JsonElement Required(JsonElement element, string path, string name) =>
        element.TryGetProperty(name, out var value) ? value : throw new ManifestException($"{path}.{name}", "is required");

    private static string Text(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 and <= 4096 } text
            ? text
            : throw new ManifestException(path, "must be a non-empty string");

    private static string Id(JsonElement element, string path, string kind)
    {
        var text = Text(element, path);
        return ResourceIds.IsValid(text) ? text : throw new ManifestException(path, "must be " + ResourceIds.Expected(kind));
    }

    private static string[] Names(JsonElement element, string path, bool allowEmpty)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new ManifestException(path, "must be an array of strings");
        }

        var names = element.EnumerateArray().Select((e, i) => Text(e, $"{path}[{i}]")).ToArray();
        if (!allowEmpty && names.Length == 0)
        {
            throw new ManifestException(path, "must not be empty");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            if (!seen.Add(names[i]))
            {
                throw new ManifestException($"{path}[{i}]", $"repeats '{names[i]}'");
            }
        }

        return names;
    }

    private static double Number(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var value) && double.IsFinite(value)
            ? value
            : throw new ManifestException(path, "must be a finite number");

    /// <summary>A privacy parameter within its documented range (docs/privacy-budget.md, "Parameter ranges").</summary>
    private static double PrivacyAmount(JsonElement element, string path, Func<double, string?> problem) =>
        problem(Number(element, path)) is { } refusal ? throw new ManifestException(path, refusal) : element.GetDouble();

    private static MeasureDeclaration[] ParseMeasures(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new ManifestException("$.measures", "must be an array");
        }

        var measures = new List<MeasureDeclaration>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var path = $"$.measures[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new ManifestException(path, "must be an object");
            }

            Known(item, path, "name", "lower", "upper");
            var name = Text(Required(item, path, "name"), path + ".name");
            var lower = Number(Required(item, path, "lower"), path + ".lower");
            var upper = Number(Required(item, path, "upper"), path + ".upper");
            if (!(lower < upper))
            {
                throw new ManifestException(path + ".upper", "must be greater than lower");
            }

            if (measures.Any(m => m.Name == name))
            {
                throw new ManifestException(path + ".name", $"repeats '{name}'");
            }

            measures.Add(new MeasureDeclaration(name, lower, upper));
        }

        return [.. measures];
    }

    /// <summary>The declared model: a model spec (docs/sandbox-models.md) over columns the job reads.</summary>
    private static ModelSpec ParseModel(JsonElement element, string[] columns)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ManifestException("$.model", "must be an object: {\"trainer\": ..., \"label\": ..., \"features\": [...]}");
        }

        if (!ModelSpec.TryParse(System.Text.Encoding.UTF8.GetBytes(element.GetRawText()), out var spec, out var path, out var problem))
        {
            throw new ManifestException("$.model" + (path ?? "$")[1..], problem);
        }

        if (spec.Label is { } label && !columns.Contains(label, StringComparer.Ordinal))
        {
            throw new ManifestException("$.model.label", $"'{label}' is not among the columns the job reads");
        }

        for (var i = 0; i < spec.Features.Count; i++)
        {
            if (!columns.Contains(spec.Features[i], StringComparer.Ordinal))
            {
                throw new ManifestException($"$.model.features[{i}]", $"'{spec.Features[i]}' is not among the columns the job reads");
            }
        }

        return spec;
    }

    private static JobLimits ParseLimits(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ManifestException("$.limits", "must be an object");
        }

        Known(element, "$.limits", "fuel", "wallSeconds", "memoryBytes", "outputBytes");
        var defaults = new JobLimits();
        long Whole(string name, long fallback) =>
            element.TryGetProperty(name, out var value)
                ? value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n > 0 ? n : throw new ManifestException($"$.limits.{name}", "must be a positive integer")
                : fallback;
        return defaults with
        {
            Fuel = Whole("fuel", defaults.Fuel),
            WallTime = TimeSpan.FromSeconds(Whole("wallSeconds", (long)defaults.WallTime.TotalSeconds)),
            MemoryBytes = Whole("memoryBytes", defaults.MemoryBytes),
            OutputBytes = (int)Math.Min(int.MaxValue, Whole("outputBytes", defaults.OutputBytes)),
        };
    }
}

/// <summary>A manifest was refused: <see cref="Path"/> is the JSON path of the problem.</summary>
public sealed class ManifestException : Exception
{
    public ManifestException()
    {
        Path = "$";
    }

    public ManifestException(string message)
        : base(message)
    {
        Path = "$";
    }

    public ManifestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = "$";
    }

    public ManifestException(string path, string problem, Exception? innerException = null)
        : base($"{path}: {problem}", innerException)
    {
        Path = path;
    }

    public string Path { get; }
}
