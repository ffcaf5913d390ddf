using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Modules;
using DataSpace.Sandbox.Tests.Support;
using DataSpace.Tests.Common;

namespace DataSpace.Sandbox.Tests.Modules;

/// <summary>
/// The red team's modules that took the connector down when it compiled them at submission, each generated here, and
/// refused at submission by the streaming parse (<see cref="ModuleParser"/>) with the limit named: nothing is compiled
/// before approval, so none of them reaches Wasmtime's compiler.
/// </summary>
public sealed class SubmissionLimitTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Fact]
    public void Validate_AMillionEmptyFunctions_IsRefusedNamingTheFunctionLimit()
    {
        // 4 MB that took 61 s and 7.5 GB of memory to compile.
        var wasm = WasmBinary.EmptyFunctions(1_000_000);
        Assert.InRange(wasm.Length, 4_000_000, 4_100_000);

        var e = Assert.Throws<ModuleRejectedException>(() => fixture.Host.Validate(wasm));

        Assert.Equal("module defines 1,000,002 functions; the limit is 20,000", e.Message);
        Assert.Null(fixture.Host.TryGetModule(JobModule.DigestOf(wasm)));
    }

    [Fact]
    public void Validate_TwoAndAHalfMillionNestedBlocks_IsRefusedNamingTheBodyLimit()
    {
        var wasm = WasmBinary.NestedBlocks(2_500_000);

        var e = Assert.Throws<ModuleRejectedException>(() => fixture.Host.Validate(wasm));

        Assert.Equal("function 2 is 7,500,002 bytes; the limit is 1,048,576", e.Message);
    }

    [Fact]
    public void Validate_TwoAndAHalfMillionNestedBlocksInABodyTheLimitsAllow_IsRefusedNamingTheDepthLimit()
    {
        // The depth limit holds on its own, whatever the body-size limit is set to.
        var wasm = WasmBinary.NestedBlocks(2_500_000);
        using var host = new SandboxHost(new SandboxOptions { ModuleLimits = new ModuleLimits { MaxFunctionBodyBytes = 16 * 1024 * 1024 } });

        var e = Assert.Throws<ModuleRejectedException>(() => host.Validate(wasm));

        Assert.Equal("function 2 nests blocks at least 1,025 deep; the limit is 1,024", e.Message);
    }

    [Fact]
    public void Validate_AFunctionOfAMillionLocals_IsRefusedNamingTheLocalsLimit()
    {
        var wasm = WasmBinary.ManyLocals(1_000_000);

        var e = Assert.Throws<ModuleRejectedException>(() => fixture.Host.Validate(wasm));

        Assert.Equal("function 2 declares 1,000,000 locals; the limit is 50,000", e.Message);
    }

    [Fact]
    public void Validate_LocalsLiveAcrossManyLoops_IsRefusedNamingTheLocalsTimesLoopsLimit()
    {
        // 40 KB: every local changes inside 1,000 nested loops, so every loop header carries every local.
        var wasm = WasmBinary.LiveLocals(functions: 1, locals: 4_000, loops: 1_000);
        Assert.True(wasm.Length < 64 * 1024);

        var e = Assert.Throws<ModuleRejectedException>(() => fixture.Host.Validate(wasm));

        Assert.Equal(
            "function 2 has 4,000 locals and parameters live across 1,000 loops (4,000,000 locals × loops); the limit is 1,000,000",
            e.Message);
    }

    [Fact]
    public void Validate_AModuleOverTheSizeLimit_IsRefusedNamingTheLimit()
    {
        var wasm = new byte[(16 * 1024 * 1024) + 1];
        "\0asm\u0001\0\0\0"u8.CopyTo(wasm);

        var e = Assert.Throws<ModuleRejectedException>(() => fixture.Host.Validate(wasm));

        Assert.Equal("module is 16,777,217 bytes; the limit is 16,777,216", e.Message);
    }

    [Fact]
    public void Validate_AModuleWithinTheLimits_CompilesNothing()
    {
        using var host = new SandboxHost(new SandboxOptions());
        var wasm = WasmBinary.EmptyFunctions(1_000);

        var validated = host.Validate(wasm);

        Assert.Equal(JobModule.DigestOf(wasm), validated.Digest);
        Assert.Null(host.TryGetModule(validated.Digest));
        Assert.Equal(0, host.MemoryCacheBytes);
    }
}
