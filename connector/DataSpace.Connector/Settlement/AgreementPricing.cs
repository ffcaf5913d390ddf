using System.Text.Json.Nodes;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Pricing;

namespace DataSpace.Connector.Settlement;

/// <summary>
/// What prices an agreement's runs, read from what the supplier signed: the agreement statement (type
/// <c>dataspace/agreement/v1</c>) and the agreement policy whose digest it names. The price schedule is that of the
/// policy's first permission with a <c>compensate</c> duty; the purpose is the agreement's.
/// </summary>
public sealed record AgreementPricing
{
    private AgreementPricing(string agreementId, SignedStatement statement, string policyJson, string purpose, PriceSchedule schedule)
    {
        AgreementId = agreementId;
        Statement = statement;
        PolicyJson = policyJson;
        Purpose = purpose;
        Schedule = schedule;
    }

    /// <summary>The type of the supplier's signed agreement statement.</summary>
    public const string AgreementType = "dataspace/agreement/v1";

    public string AgreementId { get; }

    /// <summary>The supplier's signed agreement statement.</summary>
    public SignedStatement Statement { get; }

    /// <summary>The agreement policy (ODRL JSON-LD) whose digest the statement names.</summary>
    public string PolicyJson { get; }

    public string Purpose { get; }

    public PriceSchedule Schedule { get; }

    /// <summary>
    /// Reads an agreement's pricing; with <paramref name="connectorKey"/>, also checks the statement's signature.
    /// Null with <paramref name="error"/> when the statement or policy does not check, or the agreement has no price.
    /// </summary>
    public static AgreementPricing? TryRead(SignedStatement statement, string policyJson, PublicKey? connectorKey, out string? error)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(policyJson);
        if (connectorKey is not null && !statement.Verify(connectorKey, AgreementType, out var signatureError))
        {
            error = "the agreement statement: " + signatureError;
            return null;
        }

        if (Text(statement.Body, "agreement") is not { } id || Text(statement.Body, "purpose") is not { } purpose || Text(statement.Body, "policy") is not { } digest)
        {
            error = "the agreement statement lacks 'agreement', 'purpose' or 'policy'";
            return null;
        }

        if (digest != Sha256Digest.Of(policyJson))
        {
            error = $"the policy's digest is not the {digest} the agreement statement names";
            return null;
        }

        var policy = PolicyParser.Parse(policyJson).Policy;
        if (policy is null)
        {
            error = "the agreement policy does not parse";
            return null;
        }

        for (var i = 0; i < policy.Permissions.Count; i++)
        {
            if (!PriceSchedule.HasPrice(policy.Permissions[i]))
            {
                continue;
            }

            if (!PriceSchedule.TryParse(policy, i, out var schedule, out var errors))
            {
                error = $"the agreement's price does not parse: {string.Join("; ", errors.Select(e => e.ToString()))}";
                return null;
            }

            error = null;
            return new AgreementPricing(id, statement, policyJson, purpose, schedule!);
        }

        error = $"agreement '{id}' has no price";
        return null;
    }

    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
