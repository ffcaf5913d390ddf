namespace DataSpace.Policy.JsonLd;

/// <summary>What kind of problem a policy document has.</summary>
public enum PolicyErrorKind
{
    /// <summary>Not well-formed JSON.</summary>
    MalformedJson,

    /// <summary>Larger than <see cref="PolicyParserOptions.MaxBytes"/>.</summary>
    TooLarge,

    /// <summary>Nested deeper than <see cref="PolicyParserOptions.MaxDepth"/>.</summary>
    TooDeep,

    /// <summary>A <c>@context</c> that is not recognised or not understood; contexts are never fetched.</summary>
    UnsupportedContext,

    /// <summary>A property the node needs is absent.</summary>
    MissingProperty,

    /// <summary>A property appears twice, directly or through an alias such as <c>uid</c> and <c>@id</c>.</summary>
    DuplicateProperty,

    /// <summary>An ODRL property that this connector does not support or that does not belong where it is.</summary>
    UnsupportedProperty,

    /// <summary>A value of the wrong JSON shape or that cannot be read as its datatype.</summary>
    InvalidValue,

    /// <summary>An operator outside ODRL's twelve.</summary>
    UnknownOperator,

    /// <summary>A policy type other than Set, Offer or Agreement, or a conflict value outside ODRL's.</summary>
    UnsupportedType,
}
