namespace DataSpace.Connector.Model;

/// <summary>What a job runs: a WebAssembly module (reviewed code) or an analysis plan (evaluated by the host).</summary>
public enum JobProgram
{
    /// <summary>A WebAssembly module (docs/sandbox-abi.md, docs/module-review.md).</summary>
    Module,

    /// <summary>An analysis plan (docs/analysis-plans.md); its canonical JSON is stored under <see cref="Job.ModuleDigest"/>.</summary>
    Plan,
}
