namespace DataSpace.Tests.Common;

/// <summary>
/// Writes WebAssembly binaries directly (WebAssembly Core Specification 2.0, §5), for hostile modules too large or too
/// odd to go through the text format: a million functions, millions of nested blocks, tens of thousands of locals. Every
/// module is an ABI v1 job (memory, <c>dsc_abi_version</c> and <c>dsc_run</c> exported) with the given functions added,
/// each of type <c>() -> ()</c>, after the two exported ones.
/// </summary>
public static class WasmBinary
{
    private const byte I32 = 0x7F;
    private const byte I64 = 0x7E;

    /// <summary>A job with <paramref name="count"/> empty functions added: 3 bytes of code and 1 of declaration each.</summary>
    public static byte[] EmptyFunctions(int count) => Job(count, _ => [0x00, 0x0B]);

    /// <summary>A job with one function of <paramref name="depth"/> nested <c>block</c>s.</summary>
    public static byte[] NestedBlocks(int depth)
    {
        var body = new byte[1 + (depth * 3) + 1];
        body[0] = 0x00;
        for (var i = 0; i < depth; i++)
        {
            body[1 + (2 * i)] = 0x02;
            body[2 + (2 * i)] = 0x40;
        }

        body.AsSpan(1 + (2 * depth)).Fill(0x0B);
        return Job(1, _ => body);
    }

    /// <summary>A job with one function that declares <paramref name="locals"/> i64 locals and does nothing.</summary>
    public static byte[] ManyLocals(uint locals)
    {
        var body = new MemoryStream();
        body.WriteByte(0x01);
        Uleb(body, locals);
        body.Write([I64, 0x0B]);
        var bytes = body.ToArray();
        return Job(1, _ => bytes);
    }

    /// <summary>
    /// A job with <paramref name="functions"/> functions, each declaring <paramref name="locals"/> i64 locals and changing
    /// every one of them inside <paramref name="loops"/> nested loops that each branch back: every local is live across
    /// every loop header, which is what makes the compiler's work grow with locals × loops.
    /// </summary>
    public static byte[] LiveLocals(int functions, int locals, int loops)
    {
        var body = new MemoryStream();
        body.WriteByte(0x01);
        Uleb(body, (uint)locals);
        body.WriteByte(I64);
        for (var i = 0; i < loops; i++)
        {
            body.Write([0x03, 0x40]);
        }

        for (var local = 0u; local < locals; local++)
        {
            // local.get l; i64.const 1; i64.add; local.set l
            body.WriteByte(0x20);
            Uleb(body, local);
            body.Write([0x42, 0x01, 0x7C, 0x21]);
            Uleb(body, local);
        }

        for (var i = 0; i < loops; i++)
        {
            // local.get 0; i32.wrap_i64; br_if 0 (back to this loop's header); end
            body.Write([0x20, 0x00, 0xA7, 0x0D, 0x00, 0x0B]);
        }

        body.WriteByte(0x0B);
        var bytes = body.ToArray();
        return Job(functions, _ => bytes);
    }

    /// <summary>An ABI v1 job whose <c>dsc_run</c> returns 0, with <paramref name="extra"/> functions of type () -> () added.</summary>
    public static byte[] Job(int extra, Func<int, byte[]> bodyOf)
    {
        ArgumentNullException.ThrowIfNull(bodyOf);
        var module = new MemoryStream();
        module.Write("\0asm"u8);
        module.Write([0x01, 0x00, 0x00, 0x00]);

        // Types: 0 = () -> (i32), 1 = () -> ().
        Section(module, 1, s => s.Write([0x02, 0x60, 0x00, 0x01, I32, 0x60, 0x00, 0x00]));
        Section(module, 3, s =>
        {
            Uleb(s, (uint)(2 + extra));
            s.Write([0x00, 0x00]);
            for (var i = 0; i < extra; i++)
            {
                s.WriteByte(0x01);
            }
        });
        Section(module, 5, s => s.Write([0x01, 0x00, 0x01]));
        Section(module, 7, s =>
        {
            Uleb(s, 3);
            Name(s, "memory");
            s.Write([0x02, 0x00]);
            Name(s, "dsc_abi_version");
            s.Write([0x00, 0x00]);
            Name(s, "dsc_run");
            s.Write([0x00, 0x01]);
        });
        Section(module, 10, s =>
        {
            Uleb(s, (uint)(2 + extra));
            Body(s, [0x00, 0x41, 0x01, 0x0B]);
            Body(s, [0x00, 0x41, 0x00, 0x0B]);
            for (var i = 0; i < extra; i++)
            {
                Body(s, bodyOf(i));
            }
        });
        return module.ToArray();
    }

    private static void Body(Stream stream, byte[] body)
    {
        Uleb(stream, (uint)body.Length);
        stream.Write(body);
    }

    private static void Section(Stream module, byte id, Action<Stream> write)
    {
        var content = new MemoryStream();
        write(content);
        module.WriteByte(id);
        Uleb(module, (uint)content.Length);
        content.Position = 0;
        content.CopyTo(module);
    }

    private static void Name(Stream stream, string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        Uleb(stream, (uint)bytes.Length);
        stream.Write(bytes);
    }

    private static void Uleb(Stream stream, uint value)
    {
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            stream.WriteByte(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
    }
}
