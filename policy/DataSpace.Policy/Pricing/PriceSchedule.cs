using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Pricing;

/// <summary>
/// The price of a permission: its <c>compensate</c> duties read as components (docs/metering.md, "Price profile").
/// Immutable; built only by <see cref="TryParse(OdrlPolicy, int, out PriceSchedule?, out ValueList{PolicyError})"/>,
/// which refuses every part it does not understand, so a schedule always prices a run.
/// </summary>
public sealed record PriceSchedule
{
    internal PriceSchedule(ValueList<PriceComponent> components, ValueList<TierPeriod> periods)
    {
        Components = components;
        Periods = periods;
    }

    /// <summary>The components in duty order.</summary>
    public ValueList<PriceComponent> Components { get; }

    /// <summary>Whether the permission has no price: every run is free.</summary>
    public bool IsFree => Components.Count == 0;

    /// <summary>The tier period of each basis, indexed by <see cref="PriceBasis"/>.</summary>
    internal ValueList<TierPeriod> Periods { get; }

    /// <summary>The period <paramref name="basis"/>'s cumulative usage is counted over (<c>dsc:tierPeriod</c>; a month unless a tiered component says otherwise).</summary>
    public TierPeriod PeriodOf(PriceBasis basis) => Periods[(int)basis];

    /// <summary>Whether <paramref name="permission"/> has a price at all (a <c>compensate</c> duty).</summary>
    public static bool HasPrice(Rule permission)
    {
        ArgumentNullException.ThrowIfNull(permission);
        return permission.Duties.Any(d => d.Action.Kind == ActionKind.Compensate);
    }

    /// <summary>
    /// Reads the price of <paramref name="policy"/>'s permission number <paramref name="permissionIndex"/>.
    /// On failure <paramref name="errors"/> holds every problem with its JSON path, e.g. <c>permission[0].duty[1].constraint[0]</c>.
    /// </summary>
    public static bool TryParse(OdrlPolicy policy, int permissionIndex, out PriceSchedule? schedule, out ValueList<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfNegative(permissionIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(permissionIndex, policy.Permissions.Count);
        return TryParse(policy, policy.Permissions[permissionIndex], $"permission[{permissionIndex}]", out schedule, out errors);
    }

    /// <summary>Reads the price of <paramref name="permission"/>, whose JSON path is <paramref name="path"/> (as the evaluator's <c>Decision.Permission</c>).</summary>
    public static bool TryParse(OdrlPolicy policy, Rule permission, string path, out PriceSchedule? schedule, out ValueList<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(permission);
        ArgumentNullException.ThrowIfNull(path);
        var reader = new PriceScheduleReader();
        schedule = reader.Read(policy, permission, path);
        errors = [.. reader.Errors];
        return schedule is not null;
    }
}
