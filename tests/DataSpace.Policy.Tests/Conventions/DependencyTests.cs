using System.Reflection;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Tests.Conventions;

/// <summary>ARCHITECTURE.md: DataSpace.Policy depends on nothing of ours, and keeps a small public surface.</summary>
public sealed class DependencyTests
{
    private static readonly Assembly PolicyAssembly = typeof(OdrlPolicy).Assembly;

    [Fact]
    public void PolicyAssembly_ReferencesNoOtherDataSpaceAssembly()
    {
        var ours = PolicyAssembly.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("DataSpace.", StringComparison.Ordinal));

        Assert.Empty(ours);
    }

    [Fact]
    public void PublicClasses_AreSealedStaticOrTheConstraintBase()
    {
        var open = PolicyAssembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsSealed && !(t.IsAbstract && t.IsSealed) && t != typeof(ConstraintNode))
            .Select(t => t.FullName);

        Assert.Empty(open);
    }
}
