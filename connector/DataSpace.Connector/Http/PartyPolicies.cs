using DataSpace.Connector.Model;
using Microsoft.AspNetCore.Authorization;

namespace DataSpace.Connector.Http;

/// <summary>Authorization policies by role: who may call what (ARCHITECTURE.md, "Who uses it").</summary>
public static class PartyPolicies
{
    /// <summary>Any party on the trust list but a peer connector, with a valid signature (directly or through the gateway).</summary>
    public const string AnyParty = "any-party";

    public const string Supplier = "supplier";

    public const string Operator = "operator";

    public const string DataUser = "data-user";

    public const string Auditor = "auditor";

    /// <summary>Suppliers and auditors: who may read the audit trail and the trust list.</summary>
    public const string SupplierOrAuditor = "supplier-or-auditor";

    /// <summary>Peer connectors of federated jobs (docs/federation.md): the federation endpoints, nothing else.</summary>
    public const string Federation = "federation";

    /// <summary>A federation's operator or a peer connector: aborting a federation.</summary>
    public const string OperatorOrFederation = "operator-or-federation";

    /// <summary>The gateway's own internal calls (<c>/internal/v1/*</c>), and nothing else.</summary>
    public const string Gateway = "gateway";

    public static void Add(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Every party policy requires the party claim, so the gateway's internal principal can call none of them.
        // A peer connector (the federation role) is a party too, but may call the federation endpoints only.
        options.AddPolicy(AnyParty, policy => Role(policy, PartyRole.Supplier, PartyRole.Operator, PartyRole.DataUser, PartyRole.Auditor));
        options.AddPolicy(Supplier, policy => Role(policy, PartyRole.Supplier));
        options.AddPolicy(Operator, policy => Role(policy, PartyRole.Operator));
        options.AddPolicy(DataUser, policy => Role(policy, PartyRole.DataUser));
        options.AddPolicy(Auditor, policy => Role(policy, PartyRole.Auditor));
        options.AddPolicy(SupplierOrAuditor, policy => Role(policy, PartyRole.Supplier, PartyRole.Auditor));
        options.AddPolicy(Federation, policy => Role(policy, PartyRole.Federation));
        options.AddPolicy(OperatorOrFederation, policy => Role(policy, PartyRole.Operator, PartyRole.Federation));
        options.AddPolicy(Gateway, policy => policy.AddAuthenticationSchemes(PartyClaims.Scheme).RequireAuthenticatedUser()
            .RequireClaim(PartyClaims.Gateway, PartyClaims.GatewayInternal));
    }

    private static void Role(AuthorizationPolicyBuilder policy, params PartyRole[] roles) =>
        policy.AddAuthenticationSchemes(PartyClaims.Scheme).RequireAuthenticatedUser().RequireClaim(PartyClaims.PartyId)
            .RequireRole(roles.Select(r => r.ToString()));
}
