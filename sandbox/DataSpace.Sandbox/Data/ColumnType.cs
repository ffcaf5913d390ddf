namespace DataSpace.Sandbox.Data;

/// <summary>The column types a job sees; the numbers are the ABI's type codes (docs/sandbox-abi.md).</summary>
public enum ColumnType
{
    /// <summary>32-bit signed integer (Arrow <c>Int32Array</c>).</summary>
    Int32 = 1,

    /// <summary>64-bit signed integer (Arrow <c>Int64Array</c>).</summary>
    Int64 = 2,

    /// <summary>IEEE 754 double (Arrow <c>DoubleArray</c>).</summary>
    Float64 = 3,

    /// <summary>Boolean (Arrow <c>BooleanArray</c>; one byte per row in linear memory).</summary>
    Boolean = 4,

    /// <summary>Calendar date as days since 1970-01-01 (Arrow <c>Date32Array</c>).</summary>
    Date = 5,

    /// <summary>UTF-8 text (Arrow <c>StringArray</c>).</summary>
    String = 6,
}
