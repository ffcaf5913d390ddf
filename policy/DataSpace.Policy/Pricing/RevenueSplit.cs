using DataSpace.Policy.Model;

namespace DataSpace.Policy.Pricing;

/// <summary>A period's revenue shared between supplier and operator: <see cref="Supplier"/> + <see cref="Operator"/> = <see cref="Total"/>, always.</summary>
public sealed record RevenueSplit(Fen Total, Fen Supplier, Fen Operator, ValueList<ShareLine> Lines);
