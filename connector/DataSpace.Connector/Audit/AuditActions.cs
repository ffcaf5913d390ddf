using DataSpace.Crypto.Statements;

namespace DataSpace.Connector.Audit;

/// <summary>
/// Every action the connector writes to its signed log (docs/audit-log.md, "Actions"; docs/connector-service.md,
/// "Job lifecycle"): the one vocabulary, so no entry is spelt two ways.
/// </summary>
public static class AuditActions
{
    public const string PartyAdd = "party.add";

    /// <summary>A party taken off the trust list: its keys are refused from then on; its agreements stay on record.</summary>
    public const string PartyRemove = "party.remove";
    public const string DatasetRegister = "dataset.register";
    public const string OfferCreate = "offer.create";
    public const string AgreementCreate = "agreement.create";
    public const string AgreementRevoke = "agreement.revoke";

    public const string JobSubmit = "job.submit";
    public const string JobApprove = "job.approve";
    public const string JobReject = "job.reject";
    public const string JobStart = "job.start";

    /// <summary>A job refused before it read anything: its agreement ended or was revoked, the policy or the budget said no.</summary>
    public const string JobRefuse = "job.refuse";

    public const string JobFail = "job.fail";

    /// <summary>The policy's decision on a run, with its obligations (an event within a run, not a transition).</summary>
    public const string PolicyDecision = "policy.decision";

    /// <summary>A read of a dataset by a running job, permitted or denied per column (an event within a run).</summary>
    public const string DatasetRead = "dataset.read";

    /// <summary>
    /// Privacy budget charged to a run's accounts before it reads any data (docs/privacy-budget.md): an operation whose
    /// effect seals the ledger's reservation, so the entry and the charge agree (an <c>aborted</c> entry if it did not happen).
    /// </summary>
    public const string BudgetDebit = "budget.debit";

    public const string ResultHold = "result.hold";
    public const string ResultRelease = ResultReceipts.ReleaseAction;
    public const string ResultRefuse = "result.refuse";

    /// <summary>A settlement statement of one agreement and period, signed and stored (docs/metering.md).</summary>
    public const string SettlementClose = SettlementStatements.CloseAction;

    /// <summary>A federated job's run sent its masked partial to the aggregator (docs/federation.md); details name the federation, digests the vector.</summary>
    public const string FederationContribute = "federation.contribute";
}

/// <summary>The decisions an entry records.</summary>
public static class AuditDecisions
{
    public const string Permit = "permit";
    public const string Deny = "deny";

    /// <summary>Held for the supplier's review.</summary>
    public const string Review = "review";

    /// <summary>The closing entry of an operation whose effect did not happen; its <c>operation</c> detail names the opening entry's.</summary>
    public const string Aborted = "aborted";
}
