namespace DataSpace.Policy.Pricing;

/// <summary>The part <see cref="Amount"/> of a period's revenue that fell in the bracket [<see cref="From"/>, <see cref="To"/>), and how it is shared.</summary>
public sealed record ShareLine(Fen From, Fen? To, int SupplierBasisPoints, Fen Amount, Fen Supplier, Fen Operator);
