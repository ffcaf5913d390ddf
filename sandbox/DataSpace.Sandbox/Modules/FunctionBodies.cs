using DataSpace.Sandbox.Abi;

namespace DataSpace.Sandbox.Modules;

/// <summary>
/// Walks one function body of the code section (WebAssembly Core Specification 2.0, §5.5.13): its local declarations,
/// then its instructions to the final <c>end</c>, counting how deep blocks nest and how many loops there are, and checks
/// them against <see cref="ModuleLimits"/>. Nothing is allocated.
/// </summary>
internal static class FunctionBodies
{
    public static void Walk(ref WasmReader code, int function, FunctionSignature? type, ModuleLimits limits)
    {
        var size = code.U32();
        ModuleParser.Limit(size, limits.MaxFunctionBodyBytes, $"function {function:N0} is {size:N0} bytes");
        var start = code.Offset;
        if (size > code.Remaining)
        {
            throw code.Malformed($"function {function:N0} runs past the end of the code section");
        }

        var body = new WasmReader(code.Bytes((int)size), start);

        // Run-length local declarations (count, type): one entry may declare 2^32 - 1 locals in 6 bytes, so the counts
        // are summed (as 64-bit, so that many entries cannot wrap around) before anything else.
        var groups = body.Count(2, "local declarations");
        long locals = 0;
        for (var i = 0; i < groups; i++)
        {
            locals += body.U32();
            ModuleParser.ValueType(ref body);
        }

        ModuleParser.Limit(locals, limits.MaxLocals, $"function {function:N0} declares {locals:N0} locals");
        var variables = locals + (type?.Parameters.Count ?? 0);

        var depth = 1;
        var deepest = 0;
        long loops = 0;
        while (true)
        {
            if (body.AtEnd)
            {
                throw body.Malformed($"function {function:N0} ends inside a block (its final 'end' is missing)");
            }

            var offset = body.Offset;
            var opcode = body.Byte();
            switch (opcode)
            {
                case WasmInstructions.Block or WasmInstructions.If or WasmInstructions.Loop:
                    // Refused as soon as the nesting passes the limit: the rest of the body is not read.
                    deepest = Math.Max(deepest, depth++);
                    ModuleParser.Limit(deepest, limits.MaxNestingDepth, $"function {function:N0} nests blocks at least {deepest:N0} deep");
                    loops += opcode == WasmInstructions.Loop ? 1 : 0;
                    break;
                case WasmInstructions.End when --depth == 0:
                    if (!body.AtEnd)
                    {
                        throw body.Malformed($"function {function:N0} has {body.Remaining:N0} bytes after its final 'end'");
                    }

                    ModuleParser.Limit(
                        variables * loops,
                        limits.MaxLocalsTimesLoops,
                        $"function {function:N0} has {variables:N0} locals and parameters live across {loops:N0} loops ({variables * loops:N0} locals × loops)");
                    return;
            }

            WasmInstructions.SkipImmediates(ref body, opcode, offset);
        }
    }
}
