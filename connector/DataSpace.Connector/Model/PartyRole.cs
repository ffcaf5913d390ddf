namespace DataSpace.Connector.Model;

/// <summary>What a party may do in the data space (ARCHITECTURE.md, "Who uses it").</summary>
public enum PartyRole
{
    Supplier,
    Operator,
    DataUser,
    Auditor,
}
