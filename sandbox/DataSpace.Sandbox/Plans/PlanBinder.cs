using System.Globalization;
using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Plans;

/// <summary>
/// Checks a parsed plan against the datasets it reads and resolves it for evaluation (docs/analysis-plans.md,
/// "Binding"): every column exists; identifying columns are never grouped by, measured or compared with a literal
/// (they may only be join keys); dimensions and filters fit their column's type; measures are numeric; join keys
/// have the same kind of type; without noise, no histograms or quantiles.
/// </summary>
public static class PlanBinder
{
    /// <summary>Binds <paramref name="plan"/> to its dataset and, when it joins one, the joined dataset.</summary>
    /// <exception cref="PlanException">The plan does not fit the data; the path names the plan's part.</exception>
    public static void Check(AnalysisPlan plan, PlanDataset primary, PlanDataset? joined, PlanBindOptions options) =>
        _ = Bind(plan, primary, joined, options);

    internal static BoundPlan Bind(AnalysisPlan plan, PlanDataset primary, PlanDataset? joined, PlanBindOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(options);
        if (primary.Id != plan.Dataset)
        {
            throw new PlanException("$.dataset", $"the plan reads '{plan.Dataset}', but the job's dataset is '{primary.Id}'");
        }

        if ((plan.Join is null) != (joined is null) || (joined is not null && joined.Id != plan.Join!.Dataset))
        {
            throw new PlanException("$.join", "the joined dataset given does not match the plan's join");
        }

        var reads = new[] { new List<string>(), new List<string>() };
        var datasets = joined is null ? new[] { primary } : [primary, joined];

        ColumnSource Resolve(PlanColumn column, string path, string use, bool identifyingAllowed = false)
        {
            var side = column.Dataset == primary.Id ? 0 : 1;
            var dataset = datasets[side];
            var index = dataset.Schema.IndexOf(column.Name);
            if (index < 0)
            {
                throw new PlanException(path, $"dataset '{dataset.Id}' has no column '{column.Name}'");
            }

            if (!identifyingAllowed && dataset.IdentifyingColumns.Contains(column.Name))
            {
                throw new PlanException(path, $"'{column.Name}' identifies a person or enterprise: it cannot be {use}");
            }

            var read = reads[side];
            var position = read.IndexOf(column.Name);
            if (position < 0)
            {
                position = read.Count;
                read.Add(column.Name);
            }

            return new ColumnSource(side, position, dataset.Schema.Columns[index].Type);
        }

        BoundJoin? join = null;
        if (plan.Join is { } planJoin)
        {
            var left = Resolve(new PlanColumn(primary.Id, planJoin.LeftKey), "$.join.leftKey", "", identifyingAllowed: true);
            var right = Resolve(new PlanColumn(joined!.Id, planJoin.RightKey), "$.join.rightKey", "", identifyingAllowed: true);
            if (KeyKind(left.Type) is not { } kind || KeyKind(right.Type) != kind)
            {
                throw new PlanException("$.join", $"join keys must both be integers or both be strings, not {left.Type} and {right.Type}");
            }

            join = new BoundJoin(left, right);
        }

        var filters = plan.Filters.Select((f, i) => BindFilter(f, $"$.filters[{i}]", Resolve(f.Column, $"$.filters[{i}].column", "compared with a literal"))).ToArray();

        var dimensions = new BoundDimension[plan.Dimensions.Count];
        var stride = 1;
        for (var i = dimensions.Length - 1; i >= 0; i--)
        {
            var dimension = plan.Dimensions[i];
            var path = $"$.groupBy[{i}]";
            var source = Resolve(dimension.Column, path + ".column", "grouped by");
            dimensions[i] = new BoundDimension(source, DimensionMatcher(dimension, source.Type, path), stride);
            stride *= dimension.Size;
        }

        var derived = new BoundDerive[plan.Derived.Count];
        for (var i = 0; i < derived.Length; i++)
        {
            var inputs = new ColumnSource[plan.Derived[i].Inputs.Count];
            for (var j = 0; j < inputs.Length; j++)
            {
                var path = $"$.derive[{i}].inputs[{j}]";
                inputs[j] = Resolve(plan.Derived[i].Inputs[j], path + ".column", "passed to a row function");
                if (inputs[j].Type is not (ColumnType.Int32 or ColumnType.Int64 or ColumnType.Float64))
                {
                    throw new PlanException(path + ".column", $"'{plan.Derived[i].Inputs[j].Name}' is {inputs[j].Type}: a row function takes number columns");
                }
            }

            derived[i] = new BoundDerive(plan.Derived[i].Function, inputs);
        }

        var measures = new BoundMeasure[plan.Measures.Count];
        for (var i = 0; i < measures.Length; i++)
        {
            var measure = plan.Measures[i];
            var path = $"$.measures[{i}]";
            var source = measure.Derived
                ? new ColumnSource(2, plan.Derived.ToList().FindIndex(d => d.Name == measure.Column.Name), ColumnType.Float64)
                : Resolve(measure.Column, path + ".column", "measured");
            if (source.Type is not (ColumnType.Int32 or ColumnType.Int64 or ColumnType.Float64))
            {
                throw new PlanException(path + ".column", $"'{measure.Column.Name}' is {source.Type}: a measure must be a number column");
            }

            if (!options.Noisy && (measure.Histogram is not null || measure.Quantiles.Count > 0))
            {
                throw new PlanException(path + ".histogram",
                    "histograms and quantiles are released only with noise: without it each bin is a group of its own below the minimum size");
            }

            measures[i] = new BoundMeasure(source, measure, measure.Histogram is { } edges ? new BucketMatcher(edges) : null);
        }

        var entities = new List<EntityBound>();
        for (var side = 0; side < datasets.Length; side++)
        {
            if (datasets[side].EntityColumn is { } entity)
            {
                if (datasets[side].MaxRowsPerEntity < 1)
                {
                    throw new ArgumentException($"dataset '{datasets[side].Id}' counts {datasets[side].MaxRowsPerEntity} rows per entity; it must be at least 1", nameof(primary));
                }

                entities.Add(new EntityBound(
                    Resolve(new PlanColumn(datasets[side].Id, entity), "$", "", identifyingAllowed: true), datasets[side].MaxRowsPerEntity));
            }
        }

        return new BoundPlan
        {
            Plan = plan,
            PrimaryColumns = reads[0],
            JoinedColumns = reads[1],
            JoinedTypes = [.. reads[1].Select(name => joined!.Schema[name].Type)],
            Filters = filters,
            Dimensions = dimensions,
            Measures = measures,
            Derived = derived,
            Entities = entities,
            Join = join,
            GroupCount = plan.GroupCount,
            Noisy = options.Noisy,
        };
    }

    private static string? KeyKind(ColumnType type) => type switch
    {
        ColumnType.Int32 or ColumnType.Int64 => "integer",
        ColumnType.String => "string",
        _ => null,
    };

    private static BoundFilter BindFilter(PlanFilter filter, string path, ColumnSource source)
    {
        if (filter.Operator is FilterOperator.Lt or FilterOperator.Lteq or FilterOperator.Gt or FilterOperator.Gteq)
        {
            var literal = filter.Values[0];
            switch (source.Type)
            {
                case ColumnType.Float64:
                    var number = (double)Literal(literal, source.Type, path + ".value");
                    return new BoundFilter(source, null, false, new OrderFilter(filter.Operator, number, 0));
                case ColumnType.Int32 or ColumnType.Int64 or ColumnType.Date:
                    var integer = (long)Literal(literal, source.Type, path + ".value");
                    return new BoundFilter(source, null, false, new OrderFilter(filter.Operator, integer, integer));
                default:
                    throw new PlanException(path + ".op", $"{filter.Operator} compares numbers or dates; '{filter.Column.Name}' is {source.Type}");
            }
        }

        var valuesPath = filter.Operator is FilterOperator.IsAnyOf or FilterOperator.IsNoneOf ? path + ".values" : path + ".value";
        var matcher = Matcher(filter.Values, source.Type, valuesPath);
        return new BoundFilter(source, matcher, filter.Operator is FilterOperator.Eq or FilterOperator.IsAnyOf, null);
    }

    private static ValueMatcher DimensionMatcher(PlanDimension dimension, ColumnType type, string path)
    {
        if (dimension.Buckets is { } buckets)
        {
            return type is ColumnType.Int32 or ColumnType.Int64 or ColumnType.Float64
                ? new BucketMatcher(buckets)
                : throw new PlanException(path + ".buckets", $"buckets divide a number column; '{dimension.Column.Name}' is {type}");
        }

        return Matcher(dimension.Values!, type, path + ".values");
    }

    private static ValueMatcher Matcher(IReadOnlyList<PlanValue> values, ColumnType type, string path)
    {
        var literals = values.Select((v, i) => Literal(v, type, values.Count == 1 && !path.EndsWith("values", StringComparison.Ordinal) ? path : $"{path}[{i}]")).ToArray();
        CheckDistinct(literals, path);
        return type switch
        {
            ColumnType.Int32 or ColumnType.Int64 or ColumnType.Date => new IntegerMatcher([.. literals.Cast<long>()]),
            ColumnType.Float64 => new DoubleMatcher([.. literals.Cast<double>()]),
            ColumnType.Boolean => new BooleanMatcher([.. literals.Cast<bool>()]),
            ColumnType.String => new StringMatcher([.. literals.Cast<string>()]),
            _ => throw new PlanException(path, $"a {type} column cannot be matched"),
        };
    }

    /// <summary>Two literals that mean the same value (1 and 1.0 in a float column) would make two groups of one value.</summary>
    private static void CheckDistinct(object[] literals, string path)
    {
        var seen = new HashSet<object>();
        for (var i = 0; i < literals.Length; i++)
        {
            if (!seen.Add(literals[i] is double d ? d + 0.0 : literals[i]))
            {
                throw new PlanException($"{path}[{i}]", "repeats a value listed before it");
            }
        }
    }

    /// <summary>The literal as the column's type: long (integers, and dates as days since 1970-01-01), double, bool or string.</summary>
    private static object Literal(PlanValue value, ColumnType type, string path)
    {
        switch (type)
        {
            case ColumnType.Int32 or ColumnType.Int64:
                if (value.Kind != PlanValueKind.Number || !long.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    throw new PlanException(path, $"the column holds integers; {value} is not one");
                }

                if (type == ColumnType.Int32 && integer is < int.MinValue or > int.MaxValue)
                {
                    throw new PlanException(path, $"the column holds 32-bit integers; {value} is out of their range");
                }

                return integer;
            case ColumnType.Float64:
                return value.Kind == PlanValueKind.Number
                    ? double.Parse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture)
                    : throw new PlanException(path, $"the column holds numbers; {value} is not one");
            case ColumnType.Boolean:
                return value.Kind == PlanValueKind.Boolean
                    ? value.Text == "true"
                    : throw new PlanException(path, $"the column holds booleans; {value} is not one");
            case ColumnType.Date:
                return value.Kind == PlanValueKind.String && DateOnly.TryParseExact(value.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? (long)(date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber)
                    : throw new PlanException(path, $"the column holds dates; write them as \"yyyy-MM-dd\", not {value}");
            case ColumnType.String:
                return value.Kind == PlanValueKind.String
                    ? value.Text
                    : throw new PlanException(path, $"the column holds text; write {value} as a JSON string");
            default:
                throw new PlanException(path, $"a {type} column cannot be compared with a literal");
        }
    }
}
