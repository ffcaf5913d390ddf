using DataSpace.Connector.Model;
using Microsoft.AspNetCore.Authorization;

namespace DataSpace.Connector.Http;

/// <summary>Authorization policies by role: who may call what (ARCHITECTURE.md, "Who uses it").</summary>
public static class PartyPolicies
{
    /// <summary>Any party on the trust list, with a valid signature.</summary>
    public const string AnyParty = "any-party";

    public const string Supplier = "supplier";

    public const string Operator = "operator";

    public const string DataUser = "data-user";

    public const string Auditor = "auditor";

    /// <summary>Suppliers and auditors: who may read the audit trail and the trust list.</summary>
    public const string SupplierOrAuditor = "supplier-or-auditor";

    public static void Add(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(AnyParty, policy => policy.AddAuthenticationSchemes(PartyClaims.Scheme).RequireAuthenticatedUser());
        options.AddPolicy(Supplier, policy => Role(policy, PartyRole.Supplier));
        options.AddPolicy(Operator, policy => Role(policy, PartyRole.Operator));
        options.AddPolicy(DataUser, policy => Role(policy, PartyRole.DataUser));
        options.AddPolicy(Auditor, policy => Role(policy, PartyRole.Auditor));
        options.AddPolicy(SupplierOrAuditor, policy => Role(policy, PartyRole.Supplier, PartyRole.Auditor));
    }

    private static void Role(AuthorizationPolicyBuilder policy, params PartyRole[] roles) =>
        policy.AddAuthenticationSchemes(PartyClaims.Scheme).RequireAuthenticatedUser().RequireRole(roles.Select(r => r.ToString()));
}
