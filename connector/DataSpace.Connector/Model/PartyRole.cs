namespace DataSpace.Connector.Model;

/// <summary>What a party may do in the data space (ARCHITECTURE.md, "Who uses it").</summary>
public enum PartyRole
{
    Supplier,
    Operator,
    DataUser,
    Auditor,

    /// <summary>A peer connector of federated jobs (docs/federation.md): it may send key sets' vectors and aborts, nothing else.</summary>
    Federation,
}
