using System.Globalization;
using DataSpace.Policy.Evaluation;
using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Pricing;

/// <summary>Reads a permission's <c>compensate</c> duties into a <see cref="PriceSchedule"/>, refusing every part outside the price profile.</summary>
internal sealed class PriceScheduleReader
{
    /// <summary>The largest rate, one million CNY per priced unit: with four decimals, at most 11 significant digits, exact through the parser's double.</summary>
    internal const decimal MaxRate = 1_000_000m;

    /// <summary>The largest tier bound in meter units, 10^15.</summary>
    internal const long MaxBound = 1_000_000_000_000_000;

    private static readonly PriceBasis[] Bases = Enum.GetValues<PriceBasis>();

    private readonly List<PolicyError> _errors = [];

    public IReadOnlyList<PolicyError> Errors => _errors;

    public PriceSchedule? Read(OdrlPolicy policy, Rule permission, string path)
    {
        for (var i = 0; i < policy.Obligations.Count; i++)
        {
            if (policy.Obligations[i].Action.Kind == ActionKind.Compensate)
            {
                Error($"obligation[{i}]", PolicyErrorKind.UnsupportedProperty,
                    "a policy-level compensate obligation is not supported; write the price as a duty of the permission it prices");
            }
        }

        for (var i = 0; i < permission.Constraints.Count; i++)
        {
            if (permission.Constraints[i] is Constraint { LeftOperand: LeftOperand.PayAmount or LeftOperand.PriceBasis or LeftOperand.CumulativeUsage or LeftOperand.TierPeriod } misplaced)
            {
                Error($"{path}.constraint[{i}]", PolicyErrorKind.UnsupportedProperty,
                    $"'{Terms.Compact(misplaced.LeftOperandIri)}' belongs in a compensate duty, not in the permission's constraints");
            }
        }

        var components = new List<(PriceComponent Component, PendingTier Tier)>();
        for (var i = 0; i < permission.Duties.Count; i++)
        {
            if (permission.Duties[i].Action.Kind == ActionKind.Compensate
                && new ComponentReader(this, $"{path}.duty[{i}]").Read(permission.Duties[i]) is { } component)
            {
                components.Add(component);
            }
        }

        var periods = Periods(components);
        CheckOverlaps(components);
        return _errors.Count > 0 ? null : new PriceSchedule([.. components.Select(c => c.Component)], [.. periods]);
    }

    internal void Error(string path, PolicyErrorKind kind, string reason) => _errors.Add(new PolicyError(path, kind, reason));

    /// <summary>The tier period of each basis: that of its tiered components, which must agree; a month by default.</summary>
    private TierPeriod[] Periods(List<(PriceComponent Component, PendingTier Tier)> components)
    {
        var periods = new TierPeriod[Bases.Length];
        var setBy = new string?[Bases.Length];
        foreach (var (component, tier) in components)
        {
            if (component.TierFrom == 0 && component.TierTo is null)
            {
                continue;
            }

            var b = (int)component.Basis;
            if (setBy[b] is null)
            {
                (periods[b], setBy[b]) = (tier.Period, component.Path);
            }
            else if (periods[b] != tier.Period)
            {
                Error(tier.PeriodPath ?? component.Path, PolicyErrorKind.InvalidValue,
                    $"tier period {Name(tier.Period)} differs from {Name(periods[b])} of {setBy[b]}; the tiers of {Pricer.Describe(component.Basis)} count usage over one period");
            }
        }

        return periods;
    }

    /// <summary>Two components of one basis that can price the same run must not price the same cumulative usage.</summary>
    private void CheckOverlaps(List<(PriceComponent Component, PendingTier Tier)> components)
    {
        for (var j = 1; j < components.Count; j++)
        {
            var second = components[j].Component;
            for (var i = 0; i < j; i++)
            {
                var first = components[i].Component;
                if (first.Basis == second.Basis
                    && (first.NotBefore ?? DateTimeOffset.MinValue) < (second.Before ?? DateTimeOffset.MaxValue)
                    && (second.NotBefore ?? DateTimeOffset.MinValue) < (first.Before ?? DateTimeOffset.MaxValue)
                    && PurposeRule.CanBothMatch(first.Purpose, second.Purpose)
                    && first.TierFrom < (second.TierTo ?? long.MaxValue)
                    && second.TierFrom < (first.TierTo ?? long.MaxValue))
                {
                    Error(second.Path, PolicyErrorKind.InvalidValue,
                        $"overlaps {first.Path}: both price {Pricer.Describe(second.Basis)} for the same cumulative usage at the same time and purpose; tiers of one basis must not overlap");
                    break;
                }
            }
        }
    }

    internal static string Name(TierPeriod period) => period == TierPeriod.Year ? "P1Y" : "P1M";

    internal static bool TryExact(RightOperand value, out decimal exact)
    {
        exact = 0;
        return value.Kind switch
        {
            RightOperandKind.Integer => (exact = value.Integer) == value.Integer,
            RightOperandKind.Decimal => decimal.TryParse(value.Lexical, NumberStyles.Float, CultureInfo.InvariantCulture, out exact),
            _ => false,
        };
    }

    /// <summary>A component's tier period as written, and where, for the agreement check.</summary>
    internal readonly record struct PendingTier(TierPeriod Period, string? PeriodPath);
}
