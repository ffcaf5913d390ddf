namespace DataSpace.Policy.Evaluation;

/// <summary>Why a request was denied or an agreement refused.</summary>
public enum ReasonKind
{
    /// <summary>No permission's action covers the requested action.</summary>
    NoPermission,

    /// <summary>A constraint's value in the request does not satisfy it.</summary>
    ConstraintNotSatisfied,

    /// <summary>The request has no value for a constraint's left operand.</summary>
    ValueMissing,

    /// <summary>An unknown or unsupported left operand, operator, value or action: denied, fail closed.</summary>
    Unsupported,

    /// <summary>A prohibition applies.</summary>
    Prohibited,

    /// <summary>The request's target is not the rule's target.</summary>
    TargetMismatch,

    /// <summary>The request's assignee is not the rule's assignee.</summary>
    AssigneeMismatch,

    /// <summary>The request states no purpose.</summary>
    PurposeRequired,

    /// <summary>The job links datasets and a policy does not permit linking with the other.</summary>
    LinkingNotPermitted,

    /// <summary>An analysis plan filters rows and the permission does not say which columns it may compare (<c>dsc:filterColumn</c>).</summary>
    FilteringNotPermitted,

    /// <summary>An agreement's validity has no end or exceeds five years.</summary>
    ValidityTooLong,
}
