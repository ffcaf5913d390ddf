namespace DataSpace.Policy.Pricing;

/// <summary>
/// From <see cref="From"/> of an agreement's cumulative revenue in a calendar year (UTC+8) up to the next bracket's
/// start, the supplier receives <see cref="SupplierBasisPoints"/> ten-thousandths of each fen (5000 = 50%) and the
/// operator the rest.
/// </summary>
public sealed record ShareBracket(Fen From, int SupplierBasisPoints);
