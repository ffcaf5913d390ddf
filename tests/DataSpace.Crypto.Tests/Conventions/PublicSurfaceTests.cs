using System.Reflection;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Tests.Conventions;

/// <summary>
/// The layering rules of ARCHITECTURE.md and CONVENTIONS.md that the compiler does not enforce: BouncyCastle types
/// never leave DataSpace.Crypto, and nothing in it knows HTTP or a storage engine.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly Assembly Crypto = typeof(SigningKey).Assembly;

    [Fact]
    public void PublicApi_ExposesNoBouncyCastleType()
    {
        var leaks = new List<string>();
        foreach (var type in Crypto.GetExportedTypes())
        {
            foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                foreach (var used in TypesIn(member))
                {
                    if (used.Namespace?.StartsWith("Org.BouncyCastle", StringComparison.Ordinal) == true)
                    {
                        leaks.Add($"{type.FullName}.{member.Name} uses {used.FullName}");
                    }
                }
            }

            if (type.BaseType?.Namespace?.StartsWith("Org.BouncyCastle", StringComparison.Ordinal) == true)
            {
                leaks.Add($"{type.FullName} derives from {type.BaseType.FullName}");
            }
        }

        Assert.Empty(leaks);
    }

    [Theory]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("System.Net.Http")]
    [InlineData("Microsoft.Data.Sqlite")]
    [InlineData("Npgsql")]
    [InlineData("Yarp")]
    public void Assembly_DoesNotReference(string forbidden)
    {
        var references = Crypto.GetReferencedAssemblies().Select(a => a.Name ?? "");

        Assert.DoesNotContain(references, name => name.StartsWith(forbidden, StringComparison.Ordinal));
    }

    private static IEnumerable<Type> TypesIn(MemberInfo member) => member switch
    {
        MethodInfo method => [method.ReturnType, .. method.GetParameters().Select(p => p.ParameterType)],
        ConstructorInfo constructor => constructor.GetParameters().Select(p => p.ParameterType),
        PropertyInfo property => [property.PropertyType],
        FieldInfo field => [field.FieldType],
        EventInfo @event => @event.EventHandlerType is { } handler ? [handler] : [],
        _ => [],
    };
}
