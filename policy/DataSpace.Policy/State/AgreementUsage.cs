namespace DataSpace.Policy.State;

/// <summary>
/// One agreement's use count in memory. Every read and change happens under the agreement's own lock, so check and
/// update are one atomic step and agreements never wait for each other. Budget is in <see cref="InMemoryBudgetAccounts"/>.
/// </summary>
internal sealed class AgreementUsage(string agreementId)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, Reservation> _open = [];
    private long _uses;

    public Reservation TryReserveUse(long limit)
    {
        lock (_lock)
        {
            var granted = _uses < limit;
            if (granted)
            {
                _uses++;
            }

            return Record(granted, new Reservation
            {
                Id = Guid.NewGuid(),
                AgreementId = agreementId,
                Kind = ReservationKind.Use,
                Outcome = granted ? ReservationOutcome.Granted : ReservationOutcome.UseLimitReached,
                RequestedUses = 1,
                UseLimit = limit,
                Usage = Snapshot(),
            });
        }
    }

    public bool Release(Reservation reservation)
    {
        lock (_lock)
        {
            if (!_open.Remove(reservation.Id, out var held))
            {
                return false;
            }

            _uses -= held.RequestedUses;
            return true;
        }
    }

    public bool Commit(Reservation reservation)
    {
        lock (_lock)
        {
            return _open.Remove(reservation.Id);
        }
    }

    public UsageSnapshot Get()
    {
        lock (_lock)
        {
            return Snapshot();
        }
    }

    private Reservation Record(bool granted, Reservation reservation)
    {
        if (granted)
        {
            _open.Add(reservation.Id, reservation);
        }

        return reservation;
    }

    private UsageSnapshot Snapshot() => new() { AgreementId = agreementId, Uses = _uses };
}
