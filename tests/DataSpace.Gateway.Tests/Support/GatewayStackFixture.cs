namespace DataSpace.Gateway.Tests.Support;

/// <summary>One connector and gateway shared by a test class.</summary>
public sealed class GatewayStackFixture : IAsyncLifetime
{
    internal GatewayStack Stack { get; private set; } = null!;

    public async Task InitializeAsync() => Stack = await GatewayStack.StartAsync();

    public async Task DisposeAsync() => await Stack.DisposeAsync();
}
