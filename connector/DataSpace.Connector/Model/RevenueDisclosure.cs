namespace DataSpace.Connector.Model;

/// <summary>
/// A dataset's revenue from one operator in one closed settlement period (docs/metering.md, "Settlement statement"):
/// the sum of the operator's agreements' statements, and the part paid to the supplying department.
/// </summary>
public sealed record RevenueDisclosure(string Period, string OperatorId, int Statements, long Runs, long ChargedFen, long SupplierFen, long OperatorFen);
