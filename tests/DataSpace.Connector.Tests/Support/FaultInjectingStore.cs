using System.Reflection;
using DataSpace.Connector.Storage;

namespace DataSpace.Connector.Tests.Support;

/// <summary>
/// The real store with one write made to fail on demand, as a full disk or a lost database connection would make it:
/// the write that completes a logged operation (the effect after the log append). Armed with a method name, it fails the
/// next such call once, changing nothing, and passes everything else through.
/// </summary>
public class FaultInjectingStore : DispatchProxy
{
    private IConnectorStore _inner = null!;
    private string? _failNext;

    /// <summary>How many writes were failed so far.</summary>
    public int Injected { get; private set; }

    public static IConnectorStore Wrap(IConnectorStore inner, out FaultInjectingStore control)
    {
        var proxy = Create<IConnectorStore, FaultInjectingStore>();
        control = (FaultInjectingStore)(object)proxy;
        control._inner = inner;
        return proxy;
    }

    /// <summary>Fails the next completing call of <paramref name="method"/> (for example <c>AddOfferAsync</c>, <c>FinalizeJobAsync</c>).</summary>
    public void FailNext(string method) => Volatile.Write(ref _failNext, method);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var armed = Volatile.Read(ref _failNext);
        if (armed == targetMethod.Name && IsEffect(targetMethod, args) && ReferenceEquals(Interlocked.CompareExchange(ref _failNext, null, armed), armed))
        {
            Injected++;
            var failure = new IOException($"injected: {targetMethod.Name} failed (no space left on device)");
            return targetMethod.ReturnType == typeof(Task)
                ? Task.FromException(failure)
                : typeof(Task).GetMethod(nameof(Task.FromException), 1, [typeof(Exception)])!
                    .MakeGenericMethod(targetMethod.ReturnType.GetGenericArguments()[0]).Invoke(null, [failure]);
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    /// <summary>A write that completes an operation: one given the operation's id, a job's finalization, or a budget debit's seal.</summary>
    private static bool IsEffect(MethodInfo method, object?[]? args) =>
        method.Name == nameof(IConnectorStore.FinalizeJobAsync)
        || (method.Name.StartsWith("Add", StringComparison.Ordinal) && args is { Length: 3 } && args[1] is string)
        || (method.Name == nameof(IConnectorStore.RevokeAgreementAsync) && args is { Length: 4 })
        || method.Name == nameof(IConnectorStore.SealReservationsAsync);
}
