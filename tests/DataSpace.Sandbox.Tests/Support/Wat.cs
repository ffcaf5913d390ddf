using Wasmtime;

namespace DataSpace.Sandbox.Tests.Support;

/// <summary>WebAssembly text to binary, through Wasmtime's own text parser (no toolchain needed).</summary>
internal static class Wat
{
    /// <summary>The standard ABI prelude: memory, version 1, and the given body as dsc_run.</summary>
    public static byte[] Job(string imports, string runBody, string extra = "", int pages = 2) => Compile($$"""
        (module
          {{imports}}
          (memory (export "memory") {{pages}})
          (func (export "dsc_abi_version") (result i32) i32.const 1)
          {{extra}}
          (func (export "dsc_run") (result i32) {{runBody}}))
        """);

    public static byte[] Compile(string text) => Module.ConvertText(text);

    /// <summary>A .wat file from the test data, compiled.</summary>
    public static byte[] File(string relativePath) =>
        Compile(System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, relativePath)));
}
