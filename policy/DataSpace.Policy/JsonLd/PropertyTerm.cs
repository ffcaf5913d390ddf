namespace DataSpace.Policy.JsonLd;

/// <summary>The properties the parser reads, after keys are expanded and aliases folded.</summary>
internal enum PropertyTerm
{
    /// <summary>An ODRL property this connector does not support: an error wherever it appears.</summary>
    Unsupported,

    /// <summary>An ODRL property that describes but does not change what a policy permits (<c>partOf</c>, party functions): ignored.</summary>
    Descriptive,

    Context,
    Uid,
    Type,
    Value,
    Profile,
    InheritFrom,
    Conflict,
    Assigner,
    Assignee,
    Target,
    Source,
    Permission,
    Prohibition,
    Obligation,
    Duty,
    Remedy,
    Consequence,
    Action,
    Constraint,
    Refinement,
    LeftOperand,
    Operator,
    RightOperand,
    RightOperandReference,
    Unit,
    DataType,
    And,
    Or,
    Xone,
    AndSequence,
}
