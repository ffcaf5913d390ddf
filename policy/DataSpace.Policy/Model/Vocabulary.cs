using System.Collections.Frozen;

namespace DataSpace.Policy.Model;

/// <summary>The IRIs of actions, left operands and operators, both ways.</summary>
internal static class Vocabulary
{
    internal static readonly TermTable<ActionKind> Actions = new(
    [
        (ActionKind.Use, PolicyNamespaces.Odrl + "use"),
        (ActionKind.Transfer, PolicyNamespaces.Odrl + "transfer"),
        (ActionKind.AcceptTracking, PolicyNamespaces.Odrl + "acceptTracking"),
        (ActionKind.Aggregate, PolicyNamespaces.Odrl + "aggregate"),
        (ActionKind.Annotate, PolicyNamespaces.Odrl + "annotate"),
        (ActionKind.Anonymize, PolicyNamespaces.Odrl + "anonymize"),
        (ActionKind.Archive, PolicyNamespaces.Odrl + "archive"),
        (ActionKind.Attribute, PolicyNamespaces.Odrl + "attribute"),
        (ActionKind.Compensate, PolicyNamespaces.Odrl + "compensate"),
        (ActionKind.ConcurrentUse, PolicyNamespaces.Odrl + "concurrentUse"),
        (ActionKind.Delete, PolicyNamespaces.Odrl + "delete"),
        (ActionKind.Derive, PolicyNamespaces.Odrl + "derive"),
        (ActionKind.Digitize, PolicyNamespaces.Odrl + "digitize"),
        (ActionKind.Display, PolicyNamespaces.Odrl + "display"),
        (ActionKind.Distribute, PolicyNamespaces.Odrl + "distribute"),
        (ActionKind.EnsureExclusivity, PolicyNamespaces.Odrl + "ensureExclusivity"),
        (ActionKind.Execute, PolicyNamespaces.Odrl + "execute"),
        (ActionKind.Extract, PolicyNamespaces.Odrl + "extract"),
        (ActionKind.Give, PolicyNamespaces.Odrl + "give"),
        (ActionKind.GrantUse, PolicyNamespaces.Odrl + "grantUse"),
        (ActionKind.Include, PolicyNamespaces.Odrl + "include"),
        (ActionKind.Index, PolicyNamespaces.Odrl + "index"),
        (ActionKind.Inform, PolicyNamespaces.Odrl + "inform"),
        (ActionKind.Install, PolicyNamespaces.Odrl + "install"),
        (ActionKind.Modify, PolicyNamespaces.Odrl + "modify"),
        (ActionKind.Move, PolicyNamespaces.Odrl + "move"),
        (ActionKind.NextPolicy, PolicyNamespaces.Odrl + "nextPolicy"),
        (ActionKind.ObtainConsent, PolicyNamespaces.Odrl + "obtainConsent"),
        (ActionKind.Play, PolicyNamespaces.Odrl + "play"),
        (ActionKind.Present, PolicyNamespaces.Odrl + "present"),
        (ActionKind.Print, PolicyNamespaces.Odrl + "print"),
        (ActionKind.Read, PolicyNamespaces.Odrl + "read"),
        (ActionKind.Reproduce, PolicyNamespaces.Odrl + "reproduce"),
        (ActionKind.ReviewPolicy, PolicyNamespaces.Odrl + "reviewPolicy"),
        (ActionKind.Sell, PolicyNamespaces.Odrl + "sell"),
        (ActionKind.Stream, PolicyNamespaces.Odrl + "stream"),
        (ActionKind.Synchronize, PolicyNamespaces.Odrl + "synchronize"),
        (ActionKind.TextToSpeech, PolicyNamespaces.Odrl + "textToSpeech"),
        (ActionKind.Transform, PolicyNamespaces.Odrl + "transform"),
        (ActionKind.Translate, PolicyNamespaces.Odrl + "translate"),
        (ActionKind.Uninstall, PolicyNamespaces.Odrl + "uninstall"),
        (ActionKind.Watermark, PolicyNamespaces.Odrl + "watermark"),
        (ActionKind.ComputeAggregate, PolicyNamespaces.Profile + "computeAggregate"),
        (ActionKind.TrainModel, PolicyNamespaces.Profile + "trainModel"),
        (ActionKind.CustomAnalysis, PolicyNamespaces.Profile + "customAnalysis"),
        (ActionKind.RawExport, PolicyNamespaces.Profile + "rawExport"),
    ]);

    internal static readonly TermTable<LeftOperand> LeftOperands = new(
    [
        (LeftOperand.AbsolutePosition, PolicyNamespaces.Odrl + "absolutePosition"),
        (LeftOperand.AbsoluteSpatialPosition, PolicyNamespaces.Odrl + "absoluteSpatialPosition"),
        (LeftOperand.AbsoluteTemporalPosition, PolicyNamespaces.Odrl + "absoluteTemporalPosition"),
        (LeftOperand.AbsoluteSize, PolicyNamespaces.Odrl + "absoluteSize"),
        (LeftOperand.Count, PolicyNamespaces.Odrl + "count"),
        (LeftOperand.DateTime, PolicyNamespaces.Odrl + "dateTime"),
        (LeftOperand.DelayPeriod, PolicyNamespaces.Odrl + "delayPeriod"),
        (LeftOperand.DeliveryChannel, PolicyNamespaces.Odrl + "deliveryChannel"),
        (LeftOperand.ElapsedTime, PolicyNamespaces.Odrl + "elapsedTime"),
        (LeftOperand.Event, PolicyNamespaces.Odrl + "event"),
        (LeftOperand.FileFormat, PolicyNamespaces.Odrl + "fileFormat"),
        (LeftOperand.Industry, PolicyNamespaces.Odrl + "industry"),
        (LeftOperand.Language, PolicyNamespaces.Odrl + "language"),
        (LeftOperand.Media, PolicyNamespaces.Odrl + "media"),
        (LeftOperand.MeteredTime, PolicyNamespaces.Odrl + "meteredTime"),
        (LeftOperand.PayAmount, PolicyNamespaces.Odrl + "payAmount"),
        (LeftOperand.Percentage, PolicyNamespaces.Odrl + "percentage"),
        (LeftOperand.Product, PolicyNamespaces.Odrl + "product"),
        (LeftOperand.Purpose, PolicyNamespaces.Odrl + "purpose"),
        (LeftOperand.Recipient, PolicyNamespaces.Odrl + "recipient"),
        (LeftOperand.RelativePosition, PolicyNamespaces.Odrl + "relativePosition"),
        (LeftOperand.RelativeSpatialPosition, PolicyNamespaces.Odrl + "relativeSpatialPosition"),
        (LeftOperand.RelativeTemporalPosition, PolicyNamespaces.Odrl + "relativeTemporalPosition"),
        (LeftOperand.RelativeSize, PolicyNamespaces.Odrl + "relativeSize"),
        (LeftOperand.Resolution, PolicyNamespaces.Odrl + "resolution"),
        (LeftOperand.Spatial, PolicyNamespaces.Odrl + "spatial"),
        (LeftOperand.SpatialCoordinates, PolicyNamespaces.Odrl + "spatialCoordinates"),
        (LeftOperand.SystemDevice, PolicyNamespaces.Odrl + "systemDevice"),
        (LeftOperand.TimeInterval, PolicyNamespaces.Odrl + "timeInterval"),
        (LeftOperand.UnitOfCount, PolicyNamespaces.Odrl + "unitOfCount"),
        (LeftOperand.Version, PolicyNamespaces.Odrl + "version"),
        (LeftOperand.VirtualLocation, PolicyNamespaces.Odrl + "virtualLocation"),
        (LeftOperand.Column, PolicyNamespaces.Profile + "column"),
        (LeftOperand.GroupSize, PolicyNamespaces.Profile + "groupSize"),
        (LeftOperand.Epsilon, PolicyNamespaces.Profile + "epsilon"),
        (LeftOperand.Delta, PolicyNamespaces.Profile + "delta"),
        (LeftOperand.ModuleDigest, PolicyNamespaces.Profile + "moduleDigest"),
        (LeftOperand.OutputKind, PolicyNamespaces.Profile + "outputKind"),
        (LeftOperand.ClassificationLevel, PolicyNamespaces.Profile + "classificationLevel"),
        (LeftOperand.LinkedDataset, PolicyNamespaces.Profile + "linkedDataset"),
        (LeftOperand.FilterColumn, PolicyNamespaces.Profile + "filterColumn"),
        (LeftOperand.FilterOperator, PolicyNamespaces.Profile + "filterOperator"),
        (LeftOperand.PriceBasis, PolicyNamespaces.Profile + "priceBasis"),
        (LeftOperand.CumulativeUsage, PolicyNamespaces.Profile + "cumulativeUsage"),
        (LeftOperand.TierPeriod, PolicyNamespaces.Profile + "tierPeriod"),
    ]);

    internal static readonly TermTable<ConstraintOperator> Operators = new(
    [
        (ConstraintOperator.Eq, PolicyNamespaces.Odrl + "eq"),
        (ConstraintOperator.Gt, PolicyNamespaces.Odrl + "gt"),
        (ConstraintOperator.Gteq, PolicyNamespaces.Odrl + "gteq"),
        (ConstraintOperator.Lt, PolicyNamespaces.Odrl + "lt"),
        (ConstraintOperator.Lteq, PolicyNamespaces.Odrl + "lteq"),
        (ConstraintOperator.Neq, PolicyNamespaces.Odrl + "neq"),
        (ConstraintOperator.IsA, PolicyNamespaces.Odrl + "isA"),
        (ConstraintOperator.HasPart, PolicyNamespaces.Odrl + "hasPart"),
        (ConstraintOperator.IsPartOf, PolicyNamespaces.Odrl + "isPartOf"),
        (ConstraintOperator.IsAllOf, PolicyNamespaces.Odrl + "isAllOf"),
        (ConstraintOperator.IsAnyOf, PolicyNamespaces.Odrl + "isAnyOf"),
        (ConstraintOperator.IsNoneOf, PolicyNamespaces.Odrl + "isNoneOf"),
    ]);

    internal static readonly TermTable<LogicalOperator> LogicalOperators = new(
    [
        (LogicalOperator.And, PolicyNamespaces.Odrl + "and"),
        (LogicalOperator.Or, PolicyNamespaces.Odrl + "or"),
        (LogicalOperator.Xone, PolicyNamespaces.Odrl + "xone"),
        (LogicalOperator.AndSequence, PolicyNamespaces.Odrl + "andSequence"),
    ]);

    internal static readonly TermTable<PolicyType> PolicyTypes = new(
    [
        (PolicyType.Set, PolicyNamespaces.Odrl + "Set"),
        (PolicyType.Offer, PolicyNamespaces.Odrl + "Offer"),
        (PolicyType.Agreement, PolicyNamespaces.Odrl + "Agreement"),
    ]);

    internal static readonly TermTable<ConflictStrategy> ConflictStrategies = new(
    [
        (ConflictStrategy.Perm, PolicyNamespaces.Odrl + "perm"),
        (ConflictStrategy.Prohibit, PolicyNamespaces.Odrl + "prohibit"),
        (ConflictStrategy.Invalid, PolicyNamespaces.Odrl + "invalid"),
    ]);

    /// <summary>ODRL class names used as <c>@type</c> values besides the policy types.</summary>
    internal static readonly FrozenSet<string> OdrlClasses = FrozenSet.Create(
        StringComparer.Ordinal,
        "Policy", "Set", "Offer", "Agreement", "Asset", "AssetCollection", "Party", "PartyCollection",
        "Permission", "Prohibition", "Duty", "Rule", "Action", "Constraint", "LogicalConstraint",
        "Request", "Ticket", "Privacy", "Assertion");

    /// <summary>The kind of right operand a left operand compares with, so plain JSON values parse into typed ones.</summary>
    internal static RightOperandKind? ExpectedKind(LeftOperand leftOperand) => leftOperand switch
    {
        LeftOperand.DateTime => RightOperandKind.DateTime,
        LeftOperand.ElapsedTime or LeftOperand.DelayPeriod or LeftOperand.MeteredTime or LeftOperand.TimeInterval
            or LeftOperand.TierPeriod => RightOperandKind.Duration,
        LeftOperand.Count or LeftOperand.GroupSize or LeftOperand.ClassificationLevel => RightOperandKind.Integer,
        LeftOperand.Epsilon or LeftOperand.Delta or LeftOperand.PayAmount or LeftOperand.Percentage
            or LeftOperand.CumulativeUsage => RightOperandKind.Decimal,
        _ => null,
    };
}
