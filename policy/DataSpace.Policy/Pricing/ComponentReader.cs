using System.Globalization;
using DataSpace.Policy.Evaluation;
using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Pricing;

/// <summary>Reads one <c>compensate</c> duty, from its constraints and its action's refinements, into a <see cref="PriceComponent"/>.</summary>
internal sealed class ComponentReader(PriceScheduleReader owner, string path)
{
    private const string Expected = "payAmount, dsc:priceBasis, dsc:cumulativeUsage, dsc:tierPeriod, dateTime and purpose";

    private readonly int _errorsBefore = owner.Errors.Count;
    private decimal? _rate;
    private PriceBasis? _basis;
    private (decimal Value, string Path)? _from;
    private (decimal Value, string Path)? _to;
    private TierPeriod? _period;
    private string? _periodPath;
    private DateTimeOffset? _notBefore;
    private DateTimeOffset? _before;
    private PurposeRule? _purpose;
    private readonly HashSet<(LeftOperand, ConstraintOperator)> _seen = [];

    public (PriceComponent Component, PriceScheduleReader.PendingTier Tier)? Read(Rule duty)
    {
        if (duty.Consequences.Count > 0)
        {
            owner.Error($"{path}.consequence[0]", PolicyErrorKind.UnsupportedProperty, "a compensate duty's consequences are not supported");
        }

        for (var i = 0; i < duty.Action.Refinements.Count; i++)
        {
            ReadNode(duty.Action.Refinements[i], $"{path}.action.refinement[{i}]");
        }

        for (var i = 0; i < duty.Constraints.Count; i++)
        {
            ReadNode(duty.Constraints[i], $"{path}.constraint[{i}]");
        }

        if (!_seen.Contains((LeftOperand.PayAmount, ConstraintOperator.Eq)))
        {
            owner.Error(path, PolicyErrorKind.MissingProperty, "a compensate duty needs a payAmount eq constraint with unit dsc:CNY");
        }

        if (!_seen.Contains((LeftOperand.PriceBasis, ConstraintOperator.Eq)))
        {
            owner.Error(path, PolicyErrorKind.MissingProperty, "a compensate duty needs a dsc:priceBasis eq constraint");
        }

        if (_notBefore is { } start && _before is { } end && start >= end)
        {
            owner.Error(path, PolicyErrorKind.InvalidValue, $"the stage starts ({start:O}) at or after it ends ({end:O})");
        }

        var from = _basis is { } b && _from is { } f ? Bound(b, f.Value, f.Path) : 0;
        long? to = _basis is { } c && _to is { } t ? Bound(c, t.Value, t.Path) : null;
        if (to is { } upper && upper <= from)
        {
            owner.Error(_to!.Value.Path, PolicyErrorKind.InvalidValue, "the tier's upper bound (lt) must be above its lower bound (gteq)");
        }

        if (owner.Errors.Count > _errorsBefore)
        {
            return null;
        }

        var component = new PriceComponent
        {
            Path = path,
            Basis = _basis!.Value,
            Rate = _rate!.Value,
            TierFrom = from,
            TierTo = to,
            NotBefore = _notBefore,
            Before = _before,
            Purpose = _purpose,
        };
        return (component, new PriceScheduleReader.PendingTier(_period ?? TierPeriod.Month, _periodPath));
    }

    private void ReadNode(ConstraintNode node, string at)
    {
        if (node is not Constraint constraint)
        {
            owner.Error(at, PolicyErrorKind.UnsupportedProperty, "a logical constraint is not supported in a price; write one compensate duty per component");
            return;
        }

        var operand = Terms.Compact(constraint.LeftOperandIri);
        if (constraint.RightOperand is not { } right)
        {
            owner.Error(at, PolicyErrorKind.UnsupportedProperty, $"{operand}: a rightOperandReference is not supported in a price");
            return;
        }

        if (!_seen.Add((constraint.LeftOperand, constraint.Operator)) && constraint.LeftOperand != LeftOperand.Unknown)
        {
            owner.Error(at, PolicyErrorKind.DuplicateProperty, $"{operand} {Terms.Operator(constraint.Operator)} appears twice in one compensate duty");
            return;
        }

        if (constraint.Unit is not null && constraint.LeftOperand != LeftOperand.PayAmount)
        {
            owner.Error(at, PolicyErrorKind.UnsupportedProperty, $"{operand}: only payAmount takes a unit");
            return;
        }

        switch (constraint.LeftOperand, constraint.Operator)
        {
            case (LeftOperand.PayAmount, ConstraintOperator.Eq):
                ReadAmount(constraint, right, at);
                break;
            case (LeftOperand.PriceBasis, ConstraintOperator.Eq):
                ReadBasis(right, at);
                break;
            case (LeftOperand.CumulativeUsage, ConstraintOperator.Gteq or ConstraintOperator.Lt):
                ReadBound(constraint.Operator, right, at);
                break;
            case (LeftOperand.TierPeriod, ConstraintOperator.Eq):
                ReadPeriod(right, at);
                break;
            case (LeftOperand.DateTime, ConstraintOperator.Gteq or ConstraintOperator.Lt):
                ReadStage(constraint.Operator, right, at);
                break;
            case (LeftOperand.Purpose, ConstraintOperator.IsAnyOf or ConstraintOperator.IsNoneOf):
                ReadPurpose(constraint.Operator, right, at);
                break;
            case (LeftOperand.PayAmount or LeftOperand.PriceBasis or LeftOperand.CumulativeUsage or LeftOperand.TierPeriod
                or LeftOperand.DateTime or LeftOperand.Purpose, _):
                owner.Error($"{at}.operator", PolicyErrorKind.InvalidValue,
                    $"{operand} {Terms.Operator(constraint.Operator)} is not part of the price profile; {operand} takes {Operators(constraint.LeftOperand)}");
                break;
            default:
                owner.Error(at, PolicyErrorKind.UnsupportedProperty, $"'{operand}' is not part of the price profile; a compensate duty takes {Expected}");
                break;
        }
    }

    private void ReadAmount(Constraint constraint, RightOperand right, string at)
    {
        if (constraint.Unit is not (PriceTerms.Cny or PriceTerms.IsoCny))
        {
            owner.Error($"{at}.unit", PolicyErrorKind.InvalidValue,
                $"payAmount must be in CNY (unit dsc:CNY or {PriceTerms.IsoCny}), found {(constraint.Unit is null ? "no unit" : $"'{constraint.Unit}'")}");
            return;
        }

        if (!PriceScheduleReader.TryExact(right, out var amount))
        {
            owner.Error($"{at}.rightOperand", PolicyErrorKind.InvalidValue, $"payAmount must be a decimal number, found {Terms.Value(right)}");
        }
        else if (amount is < 0 or > PriceScheduleReader.MaxRate)
        {
            owner.Error($"{at}.rightOperand", PolicyErrorKind.InvalidValue, $"payAmount {Text(amount)} CNY is not between 0 and {Text(PriceScheduleReader.MaxRate)}");
        }
        else if (amount * 10_000m != decimal.Truncate(amount * 10_000m))
        {
            owner.Error($"{at}.rightOperand", PolicyErrorKind.InvalidValue, $"payAmount {Text(amount)} CNY has more than four decimals (0.0001 CNY is the finest rate)");
        }
        else
        {
            _rate = amount;
        }
    }

    private void ReadBasis(RightOperand right, string at)
    {
        if (right.Kind is RightOperandKind.Iri or RightOperandKind.String)
        {
            foreach (var basis in Enum.GetValues<PriceBasis>())
            {
                if (Terms.SameTerm(right.Lexical, Pricer.Iri(basis)))
                {
                    _basis = basis;
                    return;
                }
            }
        }

        owner.Error($"{at}.rightOperand", PolicyErrorKind.InvalidValue,
            $"unknown price basis {Terms.Value(right)}; expected dsc:perRun, dsc:perTenThousandRows, dsc:perCpuSecond or dsc:perRelease");
    }

    private void ReadBound(ConstraintOperator op, RightOperand right, string at)
    {
        if (!PriceScheduleReader.TryExact(right, out var bound) || bound < 0)
        {
            owner.Error($"{at}.rightOperand", PolicyErrorKind.InvalidValue, $"dsc:cumulativeUsage must be a number of at least 0, found {Terms.Value(right)}");
        }
        else if (op == ConstraintOperator.Gteq)
        {
            _from = (bound, $"{at}.rightOperand");
        }
        else
        {
            _to = (bound, $"{at}.rightOperand");
        }
    }

    /// <summary>A tier bound in meter units: whole runs, rows and releases; CPU-seconds to the millisecond.</summary>
    private long Bound(PriceBasis basis, decimal value, string at)
    {
        var units = basis == PriceBasis.PerCpuSecond ? value * 1_000m : value;
        if (units > PriceScheduleReader.MaxBound || units != decimal.Truncate(units))
        {
            owner.Error(at, PolicyErrorKind.InvalidValue, basis == PriceBasis.PerCpuSecond
                ? $"dsc:cumulativeUsage {Text(value)} is not a number of CPU-seconds with at most three decimals, up to {PriceScheduleReader.MaxBound / 1000}"
                : $"dsc:cumulativeUsage {Text(value)} is not a whole number of {Unit(basis)} up to {PriceScheduleReader.MaxBound}");
            return 0;
        }

        return (long)units;
    }

    private void ReadPeriod(RightOperand right, string at)
    {
        _periodPath = $"{at}.rightOperand";
        _period = right.Duration switch
        {
            { Negative: false, Months: 1, Time.Ticks: 0 } => TierPeriod.Month,
            { Negative: false, Months: 12, Time.Ticks: 0 } => TierPeriod.Year,
            _ => null,
        };
        if (_period is null)
        {
            owner.Error(_periodPath, PolicyErrorKind.InvalidValue, $"dsc:tierPeriod must be P1M or P1Y, found '{right.Lexical}'");
        }
    }

    private void ReadStage(ConstraintOperator op, RightOperand right, string at)
    {
        if (right.Kind != RightOperandKind.DateTime)
        {
            owner.Error($"{at}.rightOperand", PolicyErrorKind.InvalidValue, $"dateTime must be an xsd:dateTime, found {Terms.Value(right)}");
        }
        else if (op == ConstraintOperator.Gteq)
        {
            _notBefore = right.DateTime;
        }
        else
        {
            _before = right.DateTime;
        }
    }

    private void ReadPurpose(ConstraintOperator op, RightOperand right, string at)
    {
        var items = right.Kind == RightOperandKind.List ? right.Items.AsSpan().ToArray() : [right];
        if (items.Length == 0 || items.Any(i => i.Kind is not (RightOperandKind.String or RightOperandKind.Iri)))
        {
            owner.Error($"{at}.rightOperand", PolicyErrorKind.InvalidValue, $"purpose takes a non-empty list of strings or IRIs, found {Terms.Value(right)}");
            return;
        }

        if (_purpose is not null)
        {
            owner.Error(at, PolicyErrorKind.DuplicateProperty, "a compensate duty takes one purpose constraint (isAnyOf or isNoneOf)");
            return;
        }

        _purpose = new PurposeRule(op == ConstraintOperator.IsAnyOf, [.. items.Select(i => i.Lexical)]);
    }

    private static string Operators(LeftOperand operand) => operand switch
    {
        LeftOperand.PayAmount or LeftOperand.PriceBasis or LeftOperand.TierPeriod => "eq",
        LeftOperand.CumulativeUsage or LeftOperand.DateTime => "gteq and lt",
        _ => "isAnyOf or isNoneOf",
    };

    private static string Unit(PriceBasis basis) => basis switch
    {
        PriceBasis.PerRun => "runs",
        PriceBasis.PerTenThousandRows => "rows",
        PriceBasis.PerRelease => "releases",
        _ => "CPU-seconds",
    };

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
