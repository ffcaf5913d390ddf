namespace DataSpace.Policy.Negotiation;

/// <summary>Why an agreement was not concluded.</summary>
public enum AgreementRefusal
{
    /// <summary>The offer is made for another party (its assignee): the requester may not agree to it.</summary>
    NotOffered,

    /// <summary>No job could ever be permitted under the agreement (purpose, dates, prohibitions): it is not countersigned.</summary>
    NeverPermits,

    /// <summary>The terms break the public-data rules: validity empty or longer than five years.</summary>
    InvalidTerms,
}
