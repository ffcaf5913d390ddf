using DataSpace.Connector.Jobs;
using DataSpace.Connector.Model;

namespace DataSpace.Connector.Tests.Jobs;

/// <summary>The runner's slots as one operator with many jobs would try to take them all.</summary>
public sealed class RunSlotsTests
{
    private static Job Job(string id, string operatorId) => new()
    {
        Id = id,
        AgreementId = "agr",
        OperatorId = operatorId,
        DataUserId = "urn:party:bank",
        DataUserPublicKeyPem = "",
        ModuleDigest = "sha256:00",
        ManifestJson = "{}",
        State = JobState.Approved,
        SubmittedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void TryTake_AnOperatorAtItsShare_LeavesTheOtherSlotsToOtherOperators()
    {
        var slots = new RunSlots(total: 2, perOperator: 1, inFlight: 32);

        Assert.True(slots.TryTake("A"));
        Assert.False(slots.TryTake("A"));
        Assert.True(slots.TryTake("B"));
        Assert.True(slots.Full);
        Assert.False(slots.TryTake("C"));
    }

    [Fact]
    public void EndRun_FreesTheOperatorsSlot()
    {
        var slots = new RunSlots(total: 2, perOperator: 1, inFlight: 32);
        Assert.True(slots.TryTake("A"));

        slots.EndRun("A");

        Assert.Equal(0, slots.RunningOf("A"));
        Assert.True(slots.TryTake("A"));
    }

    [Fact]
    public void TryTake_JobsWaitingForTheGrid_HoldAtMostHalfTheInFlightPlacesPerOperator()
    {
        var slots = new RunSlots(total: 2, perOperator: 1, inFlight: 4);
        for (var i = 0; i < 2; i++)
        {
            Assert.True(slots.TryTake("A"));
            slots.EndRun("A");
        }

        Assert.False(slots.TryTake("A"));
        Assert.True(slots.TryTake("B"));
    }

    [Fact]
    public void Order_ManyJobsOfOneOperatorSubmittedFirst_InterleavesTheOperators()
    {
        var slots = new RunSlots(total: 2, perOperator: 1, inFlight: 32);
        Job[] approved = [Job("a1", "A"), Job("a2", "A"), Job("a3", "A"), Job("b1", "B")];

        var order = slots.Order(approved);

        Assert.Equal(["a1", "b1", "a2", "a3"], order.Select(j => j.Id));
    }

    [Fact]
    public void Order_AfterAnOperatorWasServed_PutsTheOthersFirst()
    {
        var slots = new RunSlots(total: 2, perOperator: 1, inFlight: 32);
        Assert.True(slots.TryTake("A"));
        slots.Started("A");
        Job[] approved = [Job("a2", "A"), Job("b1", "B"), Job("c1", "C")];

        var order = slots.Order(approved);

        Assert.Equal(["b1", "c1", "a2"], order.Select(j => j.Id));
    }
}
