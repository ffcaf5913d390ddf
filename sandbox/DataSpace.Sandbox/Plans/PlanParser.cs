using System.Globalization;
using System.Text.Json;
using DataSpace.Policy.Identifiers;

namespace DataSpace.Sandbox.Plans;

/// <summary>
/// Reads an analysis plan strictly (docs/analysis-plans.md, "Grammar"): unknown or repeated properties, wrong types,
/// out-of-range numbers and limits broken are refused with the JSON path of the first problem. What the plan means
/// for a dataset (do the columns exist, do the literals fit their types, may the columns be used so) is checked
/// when it is bound to the data (<see cref="PlanBinder"/>).
/// </summary>
public static class PlanParser
{
    private static readonly string[] TopLevel = ["format", "dataset", "join", "filters", "groupBy", "derive", "measures"];
    private static readonly string[] DeriveFields = ["name", "inputs", "wasm"];
    private static readonly string[] InputFields = ["column", "dataset"];
    private static readonly string[] JoinFields = ["dataset", "agreement", "leftKey", "rightKey"];
    private static readonly string[] FilterFields = ["column", "dataset", "op", "value", "values"];
    private static readonly string[] DimensionFields = ["column", "dataset", "name", "values", "buckets"];
    private static readonly string[] MeasureFields = ["column", "dataset", "derived", "name", "bounds", "variance", "histogram", "quantiles"];

    /// <summary>Parses a plan document (UTF-8 JSON).</summary>
    /// <exception cref="PlanException">The document is not a valid plan; <see cref="PlanException.Path"/> names where.</exception>
    public static AnalysisPlan Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > PlanLimits.MaxBytes)
        {
            throw new PlanException("$", $"the plan is {utf8Json.Length} bytes; the limit is {PlanLimits.MaxBytes}");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new PlanException("$", $"not valid JSON: {e.Message}");
        }

        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    /// <summary>Parses a plan already read as JSON.</summary>
    /// <exception cref="PlanException">The element is not a valid plan.</exception>
    public static AnalysisPlan Parse(JsonElement root)
    {
        Fields(root, "$", TopLevel);
        var format = Text(Required(root, "$", "format"), "$.format");
        if (format != AnalysisPlan.FormatV1)
        {
            throw new PlanException("$.format", $"must be \"{AnalysisPlan.FormatV1}\", not \"{format}\"");
        }

        var dataset = Id(Required(root, "$", "dataset"), "$.dataset", "dataset");
        var join = root.TryGetProperty("join", out var joinElement) ? ParseJoin(joinElement, dataset) : null;
        var context = new Context(dataset, join?.Dataset);
        var filters = Array(root, "filters", PlanLimits.MaxFilters, (e, p) => ParseFilter(e, p, context));
        var dimensions = Array(root, "groupBy", PlanLimits.MaxDimensions, (e, p) => ParseDimension(e, p, context));
        var derived = Array(root, "derive", PlanLimits.MaxDerived, (e, p) => ParseDerive(e, p, context));
        var derivedNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < derived.Length; i++)
        {
            if (!derivedNames.Add(derived[i].Name))
            {
                throw new PlanException($"$.derive[{i}].name", $"the derived column '{derived[i].Name}' is defined twice");
            }
        }

        var measures = Array(root, "measures", PlanLimits.MaxMeasures, (e, p) => ParseMeasure(e, p, context with { Derived = derivedNames }));

        long groups = 1;
        for (var i = 0; i < dimensions.Length; i++)
        {
            groups *= dimensions[i].Size;
            if (groups > PlanLimits.MaxGroups)
            {
                throw new PlanException($"$.groupBy[{i}]", $"the dimensions make more than {PlanLimits.MaxGroups} groups");
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal) { "count" };
        foreach (var (name, path) in dimensions.Select((d, i) => (d.Name, $"$.groupBy[{i}].name"))
                     .Concat(measures.Select((m, i) => (m.Name, $"$.measures[{i}].name"))))
        {
            if (!names.Add(name))
            {
                throw new PlanException(path, name == "count"
                    ? "'count' is the name of every group's row count; name the column with \"name\""
                    : $"the name '{name}' is used twice; give one of them another \"name\"");
            }
        }

        return new AnalysisPlan { Dataset = dataset, Join = join, Filters = filters, Dimensions = dimensions, Derived = derived, Measures = measures };
    }

    private sealed record Context(string Dataset, string? Joined)
    {
        public IReadOnlySet<string> Derived { get; init; } = new HashSet<string>();
    }

    private static PlanDerive ParseDerive(JsonElement element, string path, Context context)
    {
        Fields(element, path, DeriveFields);
        var name = Text(Required(element, path, "name"), path + ".name");
        var inputs = Array(element, "inputs", RowFunction.MaxInputs, (e, p) =>
        {
            Fields(e, p, InputFields);
            return Column(e, p, context);
        }, path);
        if (inputs.Length == 0)
        {
            throw new PlanException(path + ".inputs", "a row function takes at least one input");
        }

        byte[] wasm;
        try
        {
            wasm = Convert.FromBase64String(Text(Required(element, path, "wasm"), path + ".wasm", PlanLimits.MaxBytes));
        }
        catch (FormatException)
        {
            throw new PlanException(path + ".wasm", "must be the WebAssembly module in base64");
        }

        return new PlanDerive { Name = name, Inputs = inputs, Function = RowFunction.Load(wasm, inputs.Length, path + ".wasm") };
    }

    private static PlanJoin ParseJoin(JsonElement element, string dataset)
    {
        Fields(element, "$.join", JoinFields);
        var joined = Id(Required(element, "$.join", "dataset"), "$.join.dataset", "dataset");
        if (joined == dataset)
        {
            throw new PlanException("$.join.dataset", "a dataset cannot be joined with itself");
        }

        return new PlanJoin
        {
            Dataset = joined,
            Agreement = Id(Required(element, "$.join", "agreement"), "$.join.agreement", "agreement"),
            LeftKey = Text(Required(element, "$.join", "leftKey"), "$.join.leftKey"),
            RightKey = Text(Required(element, "$.join", "rightKey"), "$.join.rightKey"),
        };
    }

    private static PlanFilter ParseFilter(JsonElement element, string path, Context context)
    {
        Fields(element, path, FilterFields);
        var column = Column(element, path, context);
        var opText = Text(Required(element, path, "op"), path + ".op");
        var op = opText switch
        {
            "eq" => FilterOperator.Eq,
            "neq" => FilterOperator.Neq,
            "lt" => FilterOperator.Lt,
            "lteq" => FilterOperator.Lteq,
            "gt" => FilterOperator.Gt,
            "gteq" => FilterOperator.Gteq,
            "isAnyOf" => FilterOperator.IsAnyOf,
            "isNoneOf" => FilterOperator.IsNoneOf,
            _ => throw new PlanException(path + ".op", $"'{opText}' is not an operator; use eq, neq, lt, lteq, gt, gteq, isAnyOf or isNoneOf"),
        };
        var many = op is FilterOperator.IsAnyOf or FilterOperator.IsNoneOf;
        var hasValue = element.TryGetProperty("value", out var value);
        var hasValues = element.TryGetProperty("values", out var values);
        PlanValue[] literals;
        if (many)
        {
            if (hasValue || !hasValues)
            {
                throw new PlanException(path, $"{opText} takes \"values\": an array of literals");
            }

            literals = Literals(values, path + ".values", PlanLimits.MaxFilterValues);
        }
        else
        {
            if (hasValues || !hasValue)
            {
                throw new PlanException(path, $"{opText} takes \"value\": one literal");
            }

            literals = [Literal(value, path + ".value")];
        }

        if (op is FilterOperator.Lt or FilterOperator.Lteq or FilterOperator.Gt or FilterOperator.Gteq && literals[0].Kind == PlanValueKind.Boolean)
        {
            throw new PlanException(path + ".value", $"{opText} compares numbers or dates, not booleans");
        }

        return new PlanFilter { Column = column, Operator = op, Values = literals };
    }

    private static PlanDimension ParseDimension(JsonElement element, string path, Context context)
    {
        Fields(element, path, DimensionFields);
        var column = Column(element, path, context);
        var name = element.TryGetProperty("name", out var nameElement) ? Text(nameElement, path + ".name") : column.Name;
        var hasValues = element.TryGetProperty("values", out var values);
        var hasBuckets = element.TryGetProperty("buckets", out var buckets);
        if (hasValues == hasBuckets)
        {
            throw new PlanException(path, "a dimension takes either \"values\" (its domain listed) or \"buckets\" (ascending bounds), not both or neither");
        }

        if (hasValues)
        {
            var literals = Literals(values, path + ".values", PlanLimits.MaxGroups);
            return new PlanDimension { Column = column, Name = name, Values = literals };
        }

        return new PlanDimension { Column = column, Name = name, Buckets = Bounds(buckets, path + ".buckets") };
    }

    private static PlanMeasure ParseMeasure(JsonElement element, string path, Context context)
    {
        Fields(element, path, MeasureFields);
        var derived = element.TryGetProperty("derived", out var derivedElement);
        if (derived == element.TryGetProperty("column", out _) || (derived && element.TryGetProperty("dataset", out _)))
        {
            throw new PlanException(path, "a measure takes either \"column\" (with \"dataset\" for the joined one) or \"derived\" (a name under \"derive\")");
        }

        var derivedName = derived ? Text(derivedElement, path + ".derived") : null;
        if (derivedName is not null && !context.Derived.Contains(derivedName))
        {
            throw new PlanException(path + ".derived", $"no derived column '{derivedName}' is defined under \"derive\"");
        }

        var column = derivedName is null ? Column(element, path, context) : new PlanColumn(context.Dataset, derivedName);
        var name = element.TryGetProperty("name", out var nameElement) ? Text(nameElement, path + ".name") : column.Name;
        var bounds = Required(element, path, "bounds");
        if (bounds.ValueKind != JsonValueKind.Array || bounds.GetArrayLength() != 2)
        {
            throw new PlanException(path + ".bounds", "must be [lower, upper]");
        }

        var lower = Number(bounds[0], path + ".bounds[0]");
        var upper = Number(bounds[1], path + ".bounds[1]");
        if (!(upper > lower))
        {
            throw new PlanException(path + ".bounds", "upper must be greater than lower");
        }

        var variance = false;
        if (element.TryGetProperty("variance", out var varianceElement))
        {
            variance = varianceElement.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new PlanException(path + ".variance", "must be true or false"),
            };
        }

        double[]? histogram = null;
        if (element.TryGetProperty("histogram", out var histogramElement))
        {
            histogram = Bounds(histogramElement, path + ".histogram");
            if (histogram[0] < lower || histogram[^1] > upper)
            {
                throw new PlanException(path + ".histogram", "the histogram's edges must lie within the measure's bounds");
            }
        }

        double[] quantiles = [];
        if (element.TryGetProperty("quantiles", out var quantilesElement))
        {
            if (histogram is null)
            {
                throw new PlanException(path + ".quantiles", "quantiles are estimated from a histogram: give \"histogram\" too");
            }

            quantiles = Quantiles(quantilesElement, path + ".quantiles");
        }

        return new PlanMeasure
        {
            Column = column,
            Derived = derived,
            Name = name,
            Lower = lower,
            Upper = upper,
            Variance = variance,
            Histogram = histogram,
            Quantiles = quantiles,
        };
    }

    private static PlanColumn Column(JsonElement element, string path, Context context)
    {
        var name = Text(Required(element, path, "column"), path + ".column");
        if (!element.TryGetProperty("dataset", out var datasetElement))
        {
            return new PlanColumn(context.Dataset, name);
        }

        var dataset = Id(datasetElement, path + ".dataset", "dataset");
        if (dataset != context.Dataset && dataset != context.Joined)
        {
            throw new PlanException(path + ".dataset", context.Joined is null
                ? $"'{dataset}' is not the plan's dataset, and the plan joins none"
                : $"'{dataset}' is neither the plan's dataset nor the joined one");
        }

        return new PlanColumn(dataset, name);
    }

    private static T[] Array<T>(JsonElement root, string name, int max, Func<JsonElement, string, T> parse, string parent = "$")
    {
        if (!root.TryGetProperty(name, out var element))
        {
            return [];
        }

        var path = parent + "." + name;
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new PlanException(path, "must be an array");
        }

        if (element.GetArrayLength() > max)
        {
            throw new PlanException(path, $"has {element.GetArrayLength()} entries; at most {max} are allowed");
        }

        var items = new T[element.GetArrayLength()];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            var itemPath = $"{path}[{i}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new PlanException(itemPath, "must be an object");
            }

            items[i++] = parse(item, itemPath);
        }

        return items;
    }

    private static PlanValue[] Literals(JsonElement element, string path, int max)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new PlanException(path, "must be an array of literals");
        }

        var count = element.GetArrayLength();
        if (count == 0 || count > max)
        {
            throw new PlanException(path, $"must hold 1 to {max} literals, not {count}");
        }

        var literals = new PlanValue[count];
        var seen = new HashSet<PlanValue>();
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            var literal = Literal(item, $"{path}[{i}]");
            if (!seen.Add(literal))
            {
                throw new PlanException($"{path}[{i}]", $"repeats {literal}");
            }

            literals[i++] = literal;
        }

        return literals;
    }

    private static PlanValue Literal(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.String => new PlanValue(PlanValueKind.String, Text(element, path)),
        JsonValueKind.Number => new PlanValue(PlanValueKind.Number, NumberText(element, path)),
        JsonValueKind.True => new PlanValue(PlanValueKind.Boolean, "true"),
        JsonValueKind.False => new PlanValue(PlanValueKind.Boolean, "false"),
        _ => throw new PlanException(path, "must be a string, number or boolean"),
    };

    /// <summary>A number literal in one canonical text: integers as written without exponent, others in shortest round-trip form.</summary>
    private static string NumberText(JsonElement element, string path)
    {
        if (element.TryGetInt64(out var integer))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        var value = Number(element, path);
        return value == Math.Floor(value) && Math.Abs(value) < 9e15
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
    }

    private static double[] Bounds(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new PlanException(path, "must be an array of ascending numbers");
        }

        var count = element.GetArrayLength();
        if (count < 2 || count > PlanLimits.MaxBounds)
        {
            throw new PlanException(path, $"must hold 2 to {PlanLimits.MaxBounds} ascending numbers, not {count}");
        }

        var bounds = new double[count];
        for (var i = 0; i < count; i++)
        {
            bounds[i] = Number(element[i], $"{path}[{i}]");
            if (i > 0 && !(bounds[i] > bounds[i - 1]))
            {
                throw new PlanException($"{path}[{i}]", "must be greater than the bound before it");
            }
        }

        return bounds;
    }

    private static double[] Quantiles(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new PlanException(path, "must be an array of numbers between 0 and 1");
        }

        var count = element.GetArrayLength();
        if (count == 0 || count > PlanLimits.MaxQuantiles)
        {
            throw new PlanException(path, $"must hold 1 to {PlanLimits.MaxQuantiles} quantiles, not {count}");
        }

        var quantiles = new double[count];
        for (var i = 0; i < count; i++)
        {
            quantiles[i] = Number(element[i], $"{path}[{i}]");
            if (!(quantiles[i] > 0 && quantiles[i] < 1))
            {
                throw new PlanException($"{path}[{i}]", "a quantile must lie strictly between 0 and 1");
            }

            if (i > 0 && !(quantiles[i] > quantiles[i - 1]))
            {
                throw new PlanException($"{path}[{i}]", "quantiles must ascend");
            }
        }

        return quantiles;
    }

    private static double Number(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw new PlanException(path, "must be a finite number");
        }

        if (Math.Abs(value) > PlanLimits.MaxMagnitude)
        {
            throw new PlanException(path, $"must lie within ±{PlanLimits.MaxMagnitude:R}");
        }

        return value;
    }

    private static string Text(JsonElement element, string path, int maxLength = PlanLimits.MaxText)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw new PlanException(path, "must be a string");
        }

        var text = element.GetString()!;
        if (text.Length == 0 || text.Length > maxLength)
        {
            throw new PlanException(path, $"must be 1 to {maxLength} characters long");
        }

        if (text.Any(char.IsControl))
        {
            throw new PlanException(path, "must not hold control characters");
        }

        return text;
    }

    private static string Id(JsonElement element, string path, string kind)
    {
        var text = Text(element, path);
        return ResourceIds.IsValid(text) ? text : throw new PlanException(path, "must be " + ResourceIds.Expected(kind));
    }

    private static JsonElement Required(JsonElement element, string path, string name) =>
        element.TryGetProperty(name, out var value) ? value : throw new PlanException($"{path}.{name}", "is required");

    /// <summary>Refuses what is not an object, unknown properties and repeated ones (which JSON parsers resolve differently).</summary>
    private static void Fields(JsonElement element, string path, string[] known)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PlanException(path, "must be an object");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new PlanException($"{path}.{property.Name}", $"is not a field of a plan here; known: {string.Join(", ", known)}");
            }

            if (!seen.Add(property.Name))
            {
                throw new PlanException($"{path}.{property.Name}", "appears twice");
            }
        }
    }
}
