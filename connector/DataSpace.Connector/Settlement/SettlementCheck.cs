namespace DataSpace.Connector.Settlement;

/// <summary>
/// The checks of a settlement statement against a log export, in the order <see cref="SettlementVerifier"/> makes them
/// (docs/metering.md, "Verifying a statement"); the first that fails is the answer, and the later ones are not reached.
/// </summary>
public enum SettlementCheck
{
    /// <summary>1. The export verifies: signed checkpoint, chain, Merkle root.</summary>
    Export = 1,

    /// <summary>2. The statement is signed by the connector and well formed; its embedded agreement statement is too, and names the embedded policy.</summary>
    Signature = 2,

    /// <summary>3. The log's <c>agreement.create</c> entry names the embedded agreement statement.</summary>
    AgreementEntry = 3,

    /// <summary>4. No run of the period lies at or beyond the statement's <c>log.to</c>.</summary>
    Range = 4,

    /// <summary>5. Every run the log gives for the period is listed, and every listed run is one.</summary>
    Runs = 5,

    /// <summary>6. The statement equals the recomputation, field by field.</summary>
    Amounts = 6,

    /// <summary>7. A <c>settlement.close</c> entry, not aborted, names the statement's digest.</summary>
    CloseEntry = 7,
}
