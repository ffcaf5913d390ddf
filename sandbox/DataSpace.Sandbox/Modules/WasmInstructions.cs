namespace DataSpace.Sandbox.Modules;

/// <summary>
/// The immediates of every instruction the sandbox's engine accepts (WebAssembly Core Specification 2.0, §5.4
/// "Instructions": MVP, sign extension, non-trapping conversions, multi-value, reference types, bulk memory, fixed-width
/// SIMD), so a function body can be walked without decoding it into anything. Any other opcode (threads, tail calls,
/// exceptions, GC, relaxed SIMD, wide arithmetic) is refused: the engine has those proposals off.
/// </summary>
internal static class WasmInstructions
{
    public const byte Block = 0x02;
    public const byte Loop = 0x03;
    public const byte If = 0x04;
    public const byte Else = 0x05;
    public const byte End = 0x0B;

    /// <summary>
    /// Skips the immediates of <paramref name="opcode"/>, just read at <paramref name="offset"/>. Structured
    /// instructions (block, loop, if, else, end) are the caller's: for block, loop and if this reads the block type.
    /// </summary>
    public static void SkipImmediates(ref WasmReader reader, byte opcode, int offset)
    {
        switch (opcode)
        {
            case 0x00 or 0x01 or Else or End or 0x0F or 0x1A or 0x1B or 0xD1:
            case >= 0x45 and <= 0xC4:
                // unreachable, nop, else, end, return, drop, select, ref.is_null; numeric (with sign extension): no immediates.
                return;
            case Block or Loop or If:
                BlockType(ref reader);
                return;
            case 0x0C or 0x0D or 0x10 or 0x20 or 0x21 or 0x22 or 0x23 or 0x24 or 0x25 or 0x26 or 0x3F or 0x40 or 0xD2:
                // br, br_if, call, local.*, global.*, table.get/set, memory.size/grow, ref.func: one index.
                reader.U32();
                return;
            case 0x0E:
                // br_table: a vector of labels and the default label.
                var targets = reader.Count(1, "br_table targets");
                for (var i = 0u; i <= targets; i++)
                {
                    reader.U32();
                }

                return;
            case 0x11:
                // call_indirect: type and table.
                reader.U32();
                reader.U32();
                return;
            case 0x1C:
                // select with types.
                var types = reader.Count(1, "select types");
                for (var i = 0u; i < types; i++)
                {
                    ModuleParser.ValueType(ref reader);
                }

                return;
            case >= 0x28 and <= 0x3E:
                MemArg(ref reader);
                return;
            case 0x41:
                reader.SkipSigned(32);
                return;
            case 0x42:
                reader.SkipSigned(64);
                return;
            case 0x43:
                reader.Skip(4);
                return;
            case 0x44:
                reader.Skip(8);
                return;
            case 0xD0:
                ModuleParser.ReferenceType(ref reader);
                return;
            case 0xFC:
                Misc(ref reader, offset);
                return;
            case 0xFD:
                Simd(ref reader, offset);
                return;
            default:
                throw Unsupported(opcode.ToString("x2", System.Globalization.CultureInfo.InvariantCulture), offset);
        }
    }

    /// <summary>Whether <paramref name="opcode"/> may appear in a constant expression (with extended constants).</summary>
    public static bool IsConstant(byte opcode) =>
        opcode is 0x41 or 0x42 or 0x43 or 0x44 or 0x23 or 0xD0 or 0xD2 or 0x6A or 0x6B or 0x6C or 0x7C or 0x7D or 0x7E or 0xFD;

    private static void BlockType(ref WasmReader reader)
    {
        var first = reader.Peek();
        if (first == 0x40 || IsValueType(first))
        {
            reader.Byte();
            return;
        }

        // A type index, as a signed 33-bit integer (§5.3.6).
        reader.SkipSigned(33);
    }

    private static bool IsValueType(byte b) => b is 0x7F or 0x7E or 0x7D or 0x7C or 0x7B or 0x70 or 0x6F;

    private static void MemArg(ref WasmReader reader)
    {
        var offset = reader.Offset;
        var align = reader.U32();
        if ((align & 0x40) != 0)
        {
            throw new ModuleRejectedException($"the instruction at byte {offset:N0} names a memory: modules have one memory (multi-memory is off)");
        }

        reader.U32();
    }

    private static void Misc(ref WasmReader reader, int offset)
    {
        var sub = reader.U32();
        switch (sub)
        {
            case <= 7:
                // Non-trapping float-to-int conversions.
                return;
            case 8 or 10 or 12 or 14:
                // memory.init, memory.copy, table.init, table.copy.
                reader.U32();
                reader.U32();
                return;
            case 9 or 11 or 13 or 15 or 16 or 17:
                // data.drop, memory.fill, elem.drop, table.grow, table.size, table.fill.
                reader.U32();
                return;
            default:
                throw Unsupported($"fc {sub}", offset);
        }
    }

    private static void Simd(ref WasmReader reader, int offset)
    {
        var sub = reader.U32();
        switch (sub)
        {
            case <= 0x0B or 0x5C or 0x5D:
                MemArg(ref reader);
                return;
            case 0x0C or 0x0D:
                // v128.const, i8x16.shuffle.
                reader.Skip(16);
                return;
            case >= 0x15 and <= 0x22:
                // extract_lane, replace_lane.
                reader.Byte();
                return;
            case >= 0x54 and <= 0x5B:
                // load_lane, store_lane.
                MemArg(ref reader);
                reader.Byte();
                return;
            case >= 0x0E and <= 0x14:
            case >= 0x23 and <= 0x53:
            case >= 0x5E and <= 0xFF when !IsUnassignedSimd(sub):
                return;
            default:
                throw Unsupported($"fd {sub}", offset);
        }
    }

    /// <summary>The SIMD opcodes between 0x5E and 0xFF that the SIMD proposal leaves unassigned.</summary>
    private static bool IsUnassignedSimd(uint sub) =>
        sub is 0x9A or 0xA2 or 0xA5 or 0xA6 or 0xAF or 0xB0 or 0xB2 or 0xB3 or 0xB4 or 0xBB or 0xC2 or 0xC5 or 0xC6 or 0xCF or 0xD0
            or 0xD2 or 0xD3 or 0xD4 or 0xE2 or 0xEE;

    private static ModuleRejectedException Unsupported(string opcode, int offset) =>
        new($"the instruction at byte {offset:N0} (opcode {opcode}) is not one the sandbox supports " +
            "(MVP, sign extension, non-trapping conversions, multi-value, reference types, bulk memory and SIMD)");
}
