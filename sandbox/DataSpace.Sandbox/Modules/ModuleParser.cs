using DataSpace.Sandbox.Abi;
using Wasmtime;

namespace DataSpace.Sandbox.Modules;

/// <summary>
/// A streaming parse of a module's sections and function bodies (WebAssembly Core Specification 2.0, §5.5 "Modules")
/// that enforces <see cref="ModuleLimits"/> without compiling anything: counts are checked before their items are read,
/// function bodies are walked instruction by instruction (<see cref="WasmInstructions"/>) counting nesting and loops, and
/// nothing is allocated in proportion to a count before that count passed its limit. Linear in the module's size; a
/// 16 MiB module takes milliseconds. Refusals name the limit and the item (functions by their index in the function
/// index space, imports first, as tools print them).
/// </summary>
internal static class ModuleParser
{
    private const int HeaderBytes = 8;

    public static ModuleShape Parse(ReadOnlySpan<byte> wasm, ModuleLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var reader = new WasmReader(wasm[HeaderBytes..], HeaderBytes);
        var shape = new ModuleShape();
        var lastRank = 0;
        var sawCode = false;
        while (!reader.AtEnd)
        {
            var sectionOffset = reader.Offset;
            var id = reader.Byte();
            var size = reader.U32();
            if (size > reader.Remaining)
            {
                throw new ModuleRejectedException($"module is not valid WebAssembly: at byte {sectionOffset:N0}, section {id} runs past the end of the module");
            }

            var start = reader.Offset;
            var section = new WasmReader(reader.Bytes((int)size), start);
            if (id == 0)
            {
                // Custom sections (names, producers, debug information) are not executed; Wasmtime checks their names.
                continue;
            }

            var rank = Rank(id, sectionOffset);
            if (rank <= lastRank)
            {
                throw new ModuleRejectedException($"module is not valid WebAssembly: at byte {sectionOffset:N0}, section {id} is out of order or repeated");
            }

            lastRank = rank;
            switch (id)
            {
                case 1: Types(ref section, shape, limits); break;
                case 2: Imports(ref section, shape, limits); break;
                case 3: Functions(ref section, shape, limits); break;
                case 4: Tables(ref section, shape, limits); break;
                case 5: Memories(ref section, shape); break;
                case 6: Globals(ref section, limits); break;
                case 7: Exports(ref section, shape, limits); break;
                case 8: section.U32(); break;
                case 9: Elements(ref section, limits); break;
                case 10: Code(ref section, shape, limits); sawCode = true; break;
                case 11: Data(ref section, limits); break;
                case 12: section.U32(); break;
            }

            if (!section.AtEnd)
            {
                throw new ModuleRejectedException($"module is not valid WebAssembly: at byte {section.Offset:N0}, section {id} has {section.Remaining:N0} bytes left over");
            }
        }

        if (!sawCode && shape.FunctionTypes.Length > 0)
        {
            throw new ModuleRejectedException($"module is not valid WebAssembly: it declares {shape.FunctionTypes.Length:N0} functions and has no code section");
        }

        return shape;
    }

    /// <summary>A value type (§5.3.1 to §5.3.4): a number, vector or reference type.</summary>
    public static ValueKind ValueType(ref WasmReader reader)
    {
        var offset = reader.Offset;
        return reader.Byte() switch
        {
            0x7F => ValueKind.Int32,
            0x7E => ValueKind.Int64,
            0x7D => ValueKind.Float32,
            0x7C => ValueKind.Float64,
            0x7B => ValueKind.V128,
            0x70 => ValueKind.FuncRef,
            0x6F => ValueKind.ExternRef,
            var other => throw new ModuleRejectedException(
                $"the value type at byte {offset:N0} (0x{other:x2}) is not supported (typed function references and GC are off)"),
        };
    }

    /// <summary>A reference type: funcref or externref.</summary>
    public static void ReferenceType(ref WasmReader reader)
    {
        var offset = reader.Offset;
        if (reader.Byte() is not (0x70 or 0x6F))
        {
            throw new ModuleRejectedException($"the reference type at byte {offset:N0} is not funcref or externref (typed function references and GC are off)");
        }
    }

    private static int Rank(byte id, int offset) => id switch
    {
        >= 1 and <= 9 => id,
        12 => 10,
        10 => 11,
        11 => 12,
        13 => throw new ModuleRejectedException($"module has a tag section (byte {offset:N0}): exception handling is off"),
        _ => throw new ModuleRejectedException($"module is not valid WebAssembly: at byte {offset:N0}, section id {id} is unknown"),
    };

    private static void Types(ref WasmReader section, ModuleShape shape, ModuleLimits limits)
    {
        var count = section.Count(3, "types");
        Limit(count, limits.MaxTypes, $"module declares {count:N0} types");
        for (var i = 0; i < count; i++)
        {
            var offset = section.Offset;
            if (section.Byte() != 0x60)
            {
                throw new ModuleRejectedException($"type {i:N0} (byte {offset:N0}) is not a function type (GC types are off)");
            }

            var parameters = ValueTypes(ref section, i, 0, limits);
            var results = ValueTypes(ref section, i, parameters.Count, limits);
            shape.Types.Add(new FunctionSignature(parameters, results));
        }
    }

    private static List<ValueKind> ValueTypes(ref WasmReader section, int type, int already, ModuleLimits limits)
    {
        var count = section.Count(1, "value types");
        Limit(already + (long)count, limits.MaxTypeArity, $"type {type:N0} has {already + (long)count:N0} parameters and results");
        var kinds = new List<ValueKind>((int)count);
        for (var i = 0; i < count; i++)
        {
            kinds.Add(ValueType(ref section));
        }

        return kinds;
    }

    private static void Imports(ref WasmReader section, ModuleShape shape, ModuleLimits limits)
    {
        var count = section.Count(4, "imports");
        Limit(count, limits.MaxImports, $"module has {count:N0} imports");
        for (var i = 0; i < count; i++)
        {
            var module = section.Name();
            var name = section.Name();
            var offset = section.Offset;
            var kind = (ExternalKind)section.Byte();
            uint index = 0;
            switch (kind)
            {
                case ExternalKind.Function:
                    index = section.U32();
                    shape.ImportedFunctions++;
                    break;
                case ExternalKind.Table:
                    ReferenceType(ref section);
                    Limits(ref section, memory: false);
                    break;
                case ExternalKind.Memory:
                    shape.Memories.Add(Limits(ref section, memory: true));
                    break;
                case ExternalKind.Global:
                    ValueType(ref section);
                    section.Byte();
                    break;
                default:
                    throw new ModuleRejectedException($"import '{module}'.'{name}' (byte {offset:N0}) is of a kind the sandbox does not support");
            }

            shape.Imports.Add(new ModuleImport(module, name, kind, index));
        }
    }

    private static void Functions(ref WasmReader section, ModuleShape shape, ModuleLimits limits)
    {
        var count = section.Count(1, "functions");
        Limit(count, limits.MaxFunctions, $"module defines {count:N0} functions");
        shape.FunctionTypes = new int[count];
        for (var i = 0; i < count; i++)
        {
            shape.FunctionTypes[i] = (int)Math.Min(section.U32(), int.MaxValue);
        }
    }

    private static void Tables(ref WasmReader section, ModuleShape shape, ModuleLimits limits)
    {
        var count = section.Count(2, "tables");
        Limit(count, limits.MaxTables, $"module defines {count:N0} tables");
        for (var i = 0; i < count; i++)
        {
            ReferenceType(ref section);
            shape.Tables.Add((uint)Limits(ref section, memory: false).MinimumPages);
        }
    }

    private static void Memories(ref WasmReader section, ModuleShape shape)
    {
        var count = section.Count(2, "memories");
        if (count + shape.Memories.Count > 1)
        {
            throw new ModuleRejectedException($"module declares {count + shape.Memories.Count:N0} memories; ABI v1 allows one (multi-memory is off)");
        }

        for (var i = 0; i < count; i++)
        {
            shape.Memories.Add(Limits(ref section, memory: true));
        }
    }

    /// <summary>Limits (§5.3.7). 64-bit and shared memories are refused here: the ABI has 32-bit memory and no threads.</summary>
    private static MemoryDeclaration Limits(ref WasmReader section, bool memory)
    {
        var offset = section.Offset;
        var flags = section.Byte();
        if (memory && (flags & 0x04) != 0)
        {
            throw new ModuleRejectedException("module's memory is 64-bit; ABI v1 uses 32-bit linear memory");
        }

        if (memory && (flags & 0x02) != 0)
        {
            throw new ModuleRejectedException("module's memory is shared; jobs have no threads (ABI v1 uses unshared memory)");
        }

        if (flags > 1)
        {
            throw new ModuleRejectedException($"the limits at byte {offset:N0} have flags 0x{flags:x2}, which the sandbox does not support");
        }

        var minimum = section.U32();
        if (flags == 1)
        {
            section.U32();
        }

        return new MemoryDeclaration(minimum, Is64Bit: false, IsShared: false);
    }

    private static void Globals(ref WasmReader section, ModuleLimits limits)
    {
        var count = section.Count(3, "globals");
        Limit(count, limits.MaxGlobals, $"module defines {count:N0} globals");
        for (var i = 0; i < count; i++)
        {
            ValueType(ref section);
            section.Byte();
            ConstantExpression(ref section);
        }
    }

    private static void Exports(ref WasmReader section, ModuleShape shape, ModuleLimits limits)
    {
        var count = section.Count(3, "exports");
        Limit(count, limits.MaxExports, $"module has {count:N0} exports");
        for (var i = 0; i < count; i++)
        {
            var name = section.Name();
            var offset = section.Offset;
            var kind = section.Byte();
            if (kind > (byte)ExternalKind.Global)
            {
                throw new ModuleRejectedException($"export '{name}' (byte {offset:N0}) is of a kind the sandbox does not support");
            }

            shape.Exports.Add(new ModuleExport(name, (ExternalKind)kind, section.U32()));
        }
    }

    private static void Elements(ref WasmReader section, ModuleLimits limits)
    {
        var count = section.Count(2, "element segments");
        Limit(count, limits.MaxElementSegments, $"module has {count:N0} element segments");
        long items = 0;
        for (var i = 0; i < count; i++)
        {
            var offset = section.Offset;
            var flags = section.U32();
            if (flags > 7)
            {
                throw new ModuleRejectedException($"module is not valid WebAssembly: at byte {offset:N0}, element segment {i:N0} has flags {flags}");
            }

            var expressions = (flags & 4) != 0;
            if ((flags & 3) == 2)
            {
                section.U32();
            }

            if ((flags & 1) == 0)
            {
                ConstantExpression(ref section);
            }

            if (flags is not (0 or 4))
            {
                // An element kind (0x00: funcref) or, with expressions, a reference type.
                if (expressions)
                {
                    ReferenceType(ref section);
                }
                else if (section.Byte() != 0)
                {
                    throw new ModuleRejectedException($"module is not valid WebAssembly: at byte {offset:N0}, element segment {i:N0} has an unknown element kind");
                }
            }

            var n = section.Count(1, "elements");
            items += n;
            Limit(items, limits.MaxElements, $"module's element segments hold {items:N0}+ items");
            for (var j = 0; j < n; j++)
            {
                if (expressions)
                {
                    ConstantExpression(ref section);
                }
                else
                {
                    section.U32();
                }
            }
        }
    }

    private static void Data(ref WasmReader section, ModuleLimits limits)
    {
        var count = section.Count(2, "data segments");
        Limit(count, limits.MaxDataSegments, $"module has {count:N0} data segments");
        long bytes = 0;
        for (var i = 0; i < count; i++)
        {
            var offset = section.Offset;
            var flags = section.U32();
            switch (flags)
            {
                case 0:
                    ConstantExpression(ref section);
                    break;
                case 1:
                    break;
                case 2:
                    section.U32();
                    ConstantExpression(ref section);
                    break;
                default:
                    throw new ModuleRejectedException($"module is not valid WebAssembly: at byte {offset:N0}, data segment {i:N0} has flags {flags}");
            }

            var length = section.Count(1, "data bytes");
            bytes += length;
            Limit(bytes, limits.MaxDataBytes, $"module's data segments hold {bytes:N0}+ bytes");
            section.Skip((int)length);
        }
    }

    private static void Code(ref WasmReader section, ModuleShape shape, ModuleLimits limits)
    {
        var count = section.Count(2, "function bodies");
        if (count != shape.FunctionTypes.Length)
        {
            throw new ModuleRejectedException($"module is not valid WebAssembly: the code section has {count:N0} bodies for {shape.FunctionTypes.Length:N0} functions");
        }

        for (var i = 0; i < count; i++)
        {
            FunctionBodies.Walk(ref section, shape.ImportedFunctions + i, shape.TypeAt((uint)shape.FunctionTypes[i]), limits);
        }
    }

    /// <summary>A constant expression (§5.4.9): constant instructions up to its <c>end</c>.</summary>
    private static void ConstantExpression(ref WasmReader section)
    {
        while (true)
        {
            var offset = section.Offset;
            var opcode = section.Byte();
            if (opcode == WasmInstructions.End)
            {
                return;
            }

            if (!WasmInstructions.IsConstant(opcode))
            {
                throw new ModuleRejectedException($"the constant expression at byte {offset:N0} uses opcode {opcode:x2}, which is not constant");
            }

            WasmInstructions.SkipImmediates(ref section, opcode, offset);
        }
    }

    internal static void Limit(long value, long limit, string what)
    {
        if (value > limit)
        {
            throw new ModuleRejectedException($"{what}; the limit is {limit:N0}");
        }
    }
}
