using Apache.Arrow;
using Wasmtime;

namespace DataSpace.Sandbox.Plans;

/// <summary>
/// One plan run's instance of a row function: computes the derived value of every kept row of a batch. A row whose
/// input is null or NaN, whose call traps or runs out of fuel, or whose result is NaN or infinite, is dropped.
/// </summary>
internal sealed class RowFunctionCalls : IDisposable
{
    private readonly Store _store;
    private readonly Func<double[], double> _call;
    private readonly double[] _arguments;

    public RowFunctionCalls(RowFunction function)
    {
        _store = new Store(RowFunction.Engine);
        var instance = new Linker(RowFunction.Engine).Instantiate(_store, function.Compiled);
        _call = Typed(instance, function.Inputs);
        _arguments = new double[function.Inputs];
    }

    /// <summary>The typed call of <c>derive</c> (no boxing per row).</summary>
    private static Func<double[], double> Typed(Instance instance, int inputs)
    {
        const string Name = "derive";
        const string Missing = "validated row function has no 'derive'";
        switch (inputs)
        {
            case 1:
                var f1 = instance.GetFunction<double, double>(Name) ?? throw new InvalidOperationException(Missing);
                return a => f1(a[0]);
            case 2:
                var f2 = instance.GetFunction<double, double, double>(Name) ?? throw new InvalidOperationException(Missing);
                return a => f2(a[0], a[1]);
            case 3:
                var f3 = instance.GetFunction<double, double, double, double>(Name) ?? throw new InvalidOperationException(Missing);
                return a => f3(a[0], a[1], a[2]);
            case 4:
                var f4 = instance.GetFunction<double, double, double, double, double>(Name) ?? throw new InvalidOperationException(Missing);
                return a => f4(a[0], a[1], a[2], a[3]);
            default:
                var function = instance.GetFunction(Name) ?? throw new InvalidOperationException(Missing);
                return a => function.Invoke([.. a.Select(v => (ValueBox)v)]) is double result ? result : double.NaN;
        }
    }

    /// <summary>The derived column of a batch: a value for each kept row (NaN for dropped ones), dropping the rows it cannot compute.</summary>
    public DoubleArray Compute(IReadOnlyList<IArrowArray> inputs, Span<int> groups)
    {
        var values = new double[groups.Length];
        for (var i = 0; i < groups.Length; i++)
        {
            values[i] = double.NaN;
            if (groups[i] < 0)
            {
                continue;
            }

            var result = Call(inputs, i);
            if (double.IsFinite(result))
            {
                values[i] = result;
            }
            else
            {
                groups[i] = -1;
            }
        }

        return new DoubleArray(new ArrowBuffer(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray()), ArrowBuffer.Empty, values.Length, 0, 0);
    }

    private double Call(IReadOnlyList<IArrowArray> inputs, int row)
    {
        for (var j = 0; j < inputs.Count; j++)
        {
            var input = inputs[j];
            if (input.IsNull(row))
            {
                return double.NaN;
            }

            _arguments[j] = input switch
            {
                DoubleArray doubles => doubles.Values[row],
                _ => (double)IntegerMatcher.Value(input, row),
            };
        }

        _store.Fuel = RowFunction.FuelPerRow;
        try
        {
            return _call(_arguments);
        }
        catch (WasmtimeException)
        {
            return double.NaN;
        }
    }

    public void Dispose() => _store.Dispose();
}
