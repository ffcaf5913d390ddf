namespace DataSpace.Crypto.Log;

/// <summary>Why <see cref="RecordReader"/> stopped at a record.</summary>
internal enum RecordDamage
{
    None,

    /// <summary>The record runs past the end of the file: it was cut short (or never finished).</summary>
    Truncated,

    /// <summary>Its length field is zero, negative or above the largest leaf.</summary>
    BadLength,

    /// <summary>Its 8-byte check does not match the hash of its leaf bytes.</summary>
    BadCheck,
}
