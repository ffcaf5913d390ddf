using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Crypto.Federation;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using DataSpace.Policy.Identifiers;

namespace DataSpace.Connector.Federation;

/// <summary>One connector of a federation: its key id, where it answers, and the operator's agreement and dataset there.</summary>
public sealed record FederationParticipant(string Connector, Uri Url, string Agreement, string Dataset);

/// <summary>
/// The operator's signed request for a federated job (docs/federation.md, "Request"): statement type
/// <see cref="Type"/>, body <c>{federation, aggregator, keyAgreement, tolerate?, epsilon, recipient, plan, participants:
/// [{connector, url, agreement, dataset}], expires}</c>. Every participant receives the same signed request and checks
/// its own part; the request's digest binds every later message of the federation to it.
/// </summary>
public sealed record FederationRequest
{
    public const string Type = "dataspace/federation-request/v1";

    /// <summary>The most participants of one federation (pairwise masks cost each one a key agreement per peer).</summary>
    public const int MaxParticipants = 10;

    /// <summary>The longest a federation may stay open.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    public required SignedStatement Statement { get; init; }

    public required string FederationId { get; init; }

    /// <summary>The aggregating connector's key id: one of the participants.</summary>
    public required string Aggregator { get; init; }

    public required MaskAgreement KeyAgreement { get; init; }

    /// <summary>How many participants, the aggregator among them, may know their own noise shares without the release losing its epsilon (1 by default).</summary>
    public required int Tolerate { get; init; }

    public required double Epsilon { get; init; }

    public required string RecipientPem { get; init; }

    public required JsonObject Plan { get; init; }

    public required IReadOnlyList<FederationParticipant> Participants { get; init; }

    /// <summary>When the aggregator gives up waiting and aborts.</summary>
    public required DateTimeOffset Expires { get; init; }

    /// <summary>The digest of the signed request (canonical JSON), which every message of the federation names.</summary>
    public string Digest => Sha256Digest.Of(Statement.ToString());

    /// <summary>The participant that is <paramref name="connector"/>, or null.</summary>
    public FederationParticipant? Participant(string connector) => Participants.FirstOrDefault(p => p.Connector == connector);

    /// <summary>The job manifest a participant's own job runs under: its agreement and dataset, the recipient, the epsilon.</summary>
    public JsonObject ManifestFor(FederationParticipant participant) => new()
    {
        ["agreement"] = participant.Agreement,
        ["dataset"] = participant.Dataset,
        ["recipient"] = RecipientPem,
        ["epsilon"] = Epsilon,
    };

    /// <summary>The request of a stored federation (checked when it was stored): one that no longer reads is a bug, thrown.</summary>
    public static FederationRequest Of(FederationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return TryRead(JsonNode.Parse(record.RequestJson), out var problem)
            ?? throw new InvalidOperationException($"the stored request of federation {record.FederationId} no longer reads: {problem}");
    }

    /// <summary>
    /// Reads a signed request; null with the reason (naming the field) when it is not one. The signature is not checked
    /// here: the caller checks it against the operator who brings it.
    /// </summary>
    public static FederationRequest? TryRead(JsonNode? statementJson, out string? problem)
    {
        SignedStatement statement;
        try
        {
            statement = SignedStatement.Parse(statementJson?.ToJsonString() ?? throw new FormatException("statement is required"));
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            problem = "statement: " + e.Message;
            return null;
        }

        return TryRead(statement, out problem);
    }

    /// <summary>As above, from a parsed statement.</summary>
    public static FederationRequest? TryRead(SignedStatement statement, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var found = statement.Type != Type ? $"statement: type '{statement.Type}' is not {Type}" : null;
        var body = statement.Body;
        string? Text(string name)
        {
            if (body[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0)
            {
                return text;
            }

            found ??= $"$.{name}: a non-empty string is required";
            return null;
        }

        var federation = Text("federation");
        if (federation is not null && ResourceIds.Check(federation, "federation") is { } badId)
        {
            found ??= "$.federation: " + badId;
        }

        var aggregator = Text("aggregator");
        var agreementName = Text("keyAgreement");
        var keyAgreement = MaskAgreement.X25519;
        if (agreementName is not null && !MaskAgreements.TryParse(agreementName, out keyAgreement))
        {
            found ??= $"$.keyAgreement: '{agreementName}' is not x25519, p256 or sm2";
        }

        var recipient = Text("recipient");
        if (recipient is not null)
        {
            try
            {
                _ = PublicKey.ImportPem(recipient);
            }
            catch (Exception e) when (e is KeyFormatException or FormatException or ArgumentException)
            {
                found ??= "$.recipient: not a public key PEM: " + e.Message;
            }
        }

        var epsilon = body["epsilon"] is JsonValue e1 && e1.TryGetValue<double>(out var eps) ? eps : double.NaN;
        if (!(epsilon > 0) || double.IsInfinity(epsilon))
        {
            found ??= "$.epsilon: a positive number is required (a federated release is always noisy)";
        }

        var plan = body["plan"] as JsonObject;
        if (plan is null)
        {
            found ??= "$.plan: an analysis plan object is required (docs/analysis-plans.md)";
        }

        var expiresText = Text("expires");
        var expires = DateTimeOffset.MinValue;
        if (expiresText is not null && !DateTimeOffset.TryParse(expiresText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out expires))
        {
            found ??= $"$.expires: '{expiresText}' is not an ISO 8601 time";
        }

        var participants = new List<FederationParticipant>();
        if (body["participants"] is not JsonArray list || list.Count < 2 || list.Count > MaxParticipants)
        {
            found ??= $"$.participants: an array of 2 to {MaxParticipants} participants is required";
        }
        else
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (ReadParticipant(list[i], $"$.participants[{i}]", out var participantProblem) is { } participant)
                {
                    if (participants.Any(p => p.Connector == participant.Connector))
                    {
                        found ??= $"$.participants[{i}].connector: '{participant.Connector}' is named twice";
                    }

                    participants.Add(participant);
                }
                else
                {
                    found ??= participantProblem;
                }
            }
        }

        var planDataset = plan?["dataset"] is JsonValue named && named.TryGetValue<string>(out var datasetId) ? datasetId : null;
        for (var i = 0; i < participants.Count; i++)
        {
            if (planDataset is not null && participants[i].Dataset != planDataset)
            {
                found ??= $"$.participants[{i}].dataset: '{participants[i].Dataset}' is not the plan's dataset '{planDataset}' (one plan and one digest for every participant)";
            }
        }

        if (aggregator is not null && found is null && participants.All(p => p.Connector != aggregator))
        {
            found = $"$.aggregator: '{aggregator}' is not one of the participants";
        }

        var tolerate = 1;
        if (body["tolerate"] is { } tolerateNode)
        {
            if (tolerateNode is not JsonValue t || !t.TryGetValue<int>(out tolerate) || tolerate < 1 || tolerate > participants.Count - 1)
            {
                found ??= $"$.tolerate: an integer from 1 to the participants less one ({Math.Max(1, participants.Count - 1)}) is required";
            }
        }

        problem = found;
        if (problem is not null)
        {
            return null;
        }

        return new FederationRequest
        {
            Statement = statement,
            FederationId = federation!,
            Aggregator = aggregator!,
            KeyAgreement = keyAgreement,
            Tolerate = tolerate,
            Epsilon = epsilon,
            RecipientPem = recipient!,
            Plan = plan!,
            Participants = participants,
            Expires = expires,
        };
    }

    private static FederationParticipant? ReadParticipant(JsonNode? node, string path, out string? problem)
    {
        problem = null;
        if (node is not JsonObject participant)
        {
            problem = $"{path}: an object {{connector, url, agreement, dataset}} is required";
            return null;
        }

        string? Text(string name) =>
            participant[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

        var connector = Text("connector");
        var url = Text("url");
        var agreement = Text("agreement");
        var dataset = Text("dataset");
        if (connector is null || connector.Length != 32 || !connector.All(Uri.IsHexDigit))
        {
            problem = $"{path}.connector: the connector's key id (32 hex digits, as dsc keys show prints it) is required";
        }
        else if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            problem = $"{path}.url: the connector's base URL (http or https, no query) is required";
        }
        else if (ResourceIds.Check(agreement, "agreement") is { } badAgreement)
        {
            problem = $"{path}.agreement: {badAgreement}";
        }
        else if (ResourceIds.Check(dataset, "dataset") is { } badDataset)
        {
            problem = $"{path}.dataset: {badDataset}";
        }
        else
        {
            // The base URL ends with '/', so that calls resolve relative to any path it carries (a gateway's prefix).
            return new FederationParticipant(connector, uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/"), agreement!, dataset!);
        }

        return null;
    }
}
