namespace DataSpace.Policy.Evaluation;

/// <summary>What the connector must do when it acts on a permit.</summary>
public enum ObligationKind
{
    /// <summary>Release only aggregate groups of at least <see cref="Obligation.Value"/> rows (<c>dsc:groupSize</c>).</summary>
    MinimumGroupSize,

    /// <summary>Add differential-privacy noise and reserve the request's epsilon against the budget <see cref="Obligation.Value"/> (<c>dsc:epsilon</c>).</summary>
    SpendEpsilon,

    /// <summary>Reserve the request's delta (Gaussian noise) against the budget <see cref="Obligation.Value"/> (<c>dsc:delta</c>).</summary>
    SpendDelta,

    /// <summary>Record the use in the access log (a duty <c>odrl:acceptTracking</c>).</summary>
    Log,

    /// <summary>Notify the supplier of the use (a duty <c>odrl:inform</c>).</summary>
    NotifySupplier,

    /// <summary>Hold the result for the supplier's review before release (a duty <c>odrl:reviewPolicy</c>).</summary>
    ReviewBeforeRelease,

    /// <summary>Any other duty: perform <see cref="Obligation.ActionIri"/> as <see cref="Obligation.Duty"/> says, or refuse to act.</summary>
    Perform,

    /// <summary>
    /// Pay for the use (a duty <c>odrl:compensate</c>): <see cref="Obligation.Duty"/> is one component of the permission's
    /// price, read with <see cref="Pricing.PriceSchedule.TryParse(Model.OdrlPolicy, int, out Pricing.PriceSchedule?, out Model.ValueList{JsonLd.PolicyError})"/>
    /// (docs/metering.md). The evaluator denies a permission whose price does not parse, so a permit's schedule always does.
    /// </summary>
    Compensate,
}
