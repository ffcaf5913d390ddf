using System.Globalization;
using DataSpace.Sandbox.Compiler;
using DataSpace.Sandbox.Modules;
using Wasmtime;

// The compiler worker (docs/connector-service.md, "Module compilation"): bound yourself, then compile one module and
// write it serialized. Started by the sandbox host as
//   dotnet exec DataSpace.Sandbox.Compiler.dll --input M.wasm --output M.cwasm --fuel true --stack 524288
//     --cpu-seconds 10 --memory-bytes 536870912 --max-compiled-bytes 134217728
// Exit codes: CompilerExitCodes. Standard error carries one line saying why, when there is something to say.
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i]] = args[i + 1];
}

string Option(string name) =>
    options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"missing {name}");

try
{
    var input = Option("--input");
    var output = Option("--output");
    var fuel = bool.Parse(Option("--fuel"));
    var stack = int.Parse(Option("--stack"), CultureInfo.InvariantCulture);
    var cpuSeconds = int.Parse(Option("--cpu-seconds"), CultureInfo.InvariantCulture);
    var memoryBytes = long.Parse(Option("--memory-bytes"), CultureInfo.InvariantCulture);
    var maxCompiledBytes = long.Parse(Option("--max-compiled-bytes"), CultureInfo.InvariantCulture);

    if (ResourceLimits.Apply(cpuSeconds, memoryBytes) is { } unbounded)
    {
        Console.Error.WriteLine(unbounded);
        return CompilerExitCodes.Unbounded;
    }

    var wasm = File.ReadAllBytes(input);
    byte[] compiled;
    try
    {
        // One thread: a compilation keeps at most one core busy, whatever the module.
        using var engine = new Engine(SandboxEngine.Configure(fuel, stack).WithParallelCompilation(false));
        using var module = Module.FromBytes(engine, "job", wasm);
        compiled = module.Serialize();
    }
    catch (WasmtimeException e)
    {
        Console.Error.WriteLine(e.Message.ReplaceLineEndings(" "));
        return CompilerExitCodes.Refused;
    }

    if (compiled.LongLength > maxCompiledBytes)
    {
        Console.Error.WriteLine($"the compiled module is {compiled.LongLength:N0} bytes; the limit is {maxCompiledBytes:N0}");
        return CompilerExitCodes.TooLarge;
    }

    var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
    if (!OperatingSystem.IsWindows())
    {
        file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    }

    using (var stream = new FileStream(output, file))
    {
        stream.Write(compiled);
    }

    return CompilerExitCodes.Compiled;
}
catch (OutOfMemoryException)
{
    return CompilerExitCodes.OutOfMemory;
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"usage: {e.Message}");
    return CompilerExitCodes.Usage;
}
