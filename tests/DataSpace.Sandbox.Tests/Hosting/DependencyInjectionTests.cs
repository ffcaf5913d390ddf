using DataSpace.Sandbox.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace DataSpace.Sandbox.Tests.Hosting;

public sealed class DependencyInjectionTests
{
    [Fact]
    public void One_host_per_container_with_the_given_options()
    {
        var options = new SandboxOptions { MaxModuleBytes = 4096 };
        using var provider = new ServiceCollection().AddDataSpaceSandbox(options).BuildServiceProvider();

        var host = provider.GetRequiredService<SandboxHost>();
        Assert.Same(host, provider.GetRequiredService<SandboxHost>());
        Assert.Equal(4096, host.Options.MaxModuleBytes);
    }

    [Fact]
    public void Bad_options_fail_when_the_host_is_built()
    {
        using var provider = new ServiceCollection().AddDataSpaceSandbox(new SandboxOptions { MaxStackBytes = 10 }).BuildServiceProvider();
        var e = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<SandboxHost>());
        Assert.Contains("MaxStackBytes", e.Message, StringComparison.Ordinal);
    }
}
