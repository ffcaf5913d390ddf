using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Modules;
using DataSpace.Sandbox.Tests.Support;
using DataSpace.Tests.Common;

namespace DataSpace.Sandbox.Tests.Modules;

/// <summary>
/// Approved modules compile in the worker process, bounded by its own CPU-time and memory limits: a module that passes
/// every submission limit yet would keep the compiler busy for minutes, or take gigabytes, is refused with the limit
/// named, and the host goes on compiling and running other modules.
/// </summary>
public sealed class ModuleCompilerTests
{
    [Fact]
    public async Task LoadModule_LiveLocalsWithinTheSubmissionLimits_WorkerIsStoppedAtItsCpuLimit()
    {
        // Two functions of 50,000 locals each changed once: within every submission limit, and well over 10 s of
        // compilation (the red team's 32 KB module of the same kind kept two cores busy for 12 minutes).
        var wasm = WasmBinary.LiveLocals(functions: 2, locals: 50_000, loops: 1);
        using var host = new SandboxHost(new SandboxOptions { Compiler = new ModuleCompilerOptions { CpuTime = TimeSpan.FromSeconds(1) } });
        host.Validate(wasm);

        var e = await Assert.ThrowsAsync<ModuleRejectedException>(() => host.LoadModuleAsync(wasm, CancellationToken.None));

        Assert.Equal("module could not be compiled within the limit of 1 s of CPU time", e.Message);
        Assert.Null(host.TryGetModule(JobModule.DigestOf(wasm)));
        Assert.NotNull(host.LoadModule(Wat.File(Path.Combine("TestData", "minimal.wat"))));
    }

    [Fact]
    public void LoadModule_AModuleWhoseCompilationNeedsMoreMemoryThanAllowed_IsRefusedNamingTheMemoryLimit()
    {
        // 5,000 locals live across 100 loops: the register allocator asks for far more than 256 MiB.
        var wasm = WasmBinary.LiveLocals(functions: 1, locals: 5_000, loops: 100);
        using var host = new SandboxHost(new SandboxOptions
        {
            ModuleLimits = new ModuleLimits { MaxLocalsTimesLoops = 1_000_000_000 },
            Compiler = new ModuleCompilerOptions { MemoryBytes = 256L * 1024 * 1024, MaxCompiledBytes = 128L * 1024 * 1024 },
        });

        var e = Assert.Throws<ModuleRejectedException>(() => host.LoadModule(wasm));

        Assert.Equal("module could not be compiled within the limit of 268,435,456 bytes of memory", e.Message);
    }

    [Fact]
    public void LoadModule_AModuleOfAsManyFunctionsAsAllowed_Compiles()
    {
        // The function limit is set where the worker still compiles within its default limits.
        var wasm = WasmBinary.EmptyFunctions(new ModuleLimits().MaxFunctions - 2);
        using var host = new SandboxHost(new SandboxOptions());

        var module = host.LoadModule(wasm);

        Assert.Equal(JobModule.DigestOf(wasm), module.Digest);
    }

    [Fact]
    public void SandboxHost_WithoutTheCompilerWorker_RefusesToStartNamingWhereItLooked()
    {
        var missing = Path.Combine(Path.GetTempPath(), "dsc-no-worker-" + Guid.NewGuid().ToString("N"), ModuleCompiler.WorkerAssembly);

        var e = Assert.Throws<InvalidOperationException>(
            () => new SandboxHost(new SandboxOptions { Compiler = new ModuleCompilerOptions { WorkerPath = missing } }));

        Assert.Contains("module compiler worker is missing: " + missing, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SandboxHost_InTheTestOutput_FindsTheCompilerWorkerBesideIt()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, ModuleCompiler.WorkerAssembly)));
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "DataSpace.Sandbox.Compiler.runtimeconfig.json")));
    }

    [Fact]
    public void LoadModule_TheSameModuleTwice_CompilesItOnce()
    {
        using var host = new SandboxHost(new SandboxOptions());
        var wasm = WasmBinary.EmptyFunctions(10);

        var first = host.LoadModule(wasm);

        Assert.Same(first, host.LoadModule(wasm));
        Assert.True(host.MemoryCacheBytes > 0);
    }
}
