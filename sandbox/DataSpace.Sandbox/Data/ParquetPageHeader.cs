namespace DataSpace.Sandbox.Data;

/// <summary>
/// The fields of a Parquet <c>PageHeader</c> that <see cref="ParquetPlainStrings"/> needs, read from the Thrift compact
/// protocol (parquet-format's <c>parquet.thrift</c>; Thrift's compact protocol specification) with a bound check on every
/// byte: the page type, both sizes and, for a v1 data page, its value count and encodings; for a dictionary page, its
/// value count (in <see cref="DataValues"/>) and encoding (in <see cref="DataEncoding"/>). Every other field, of any type,
/// is skipped. <see cref="TryRead"/> returns false for anything it cannot read (truncated, malformed, nested too deep);
/// the caller then leaves the column to Parquet.Net, which reads every page format.
/// </summary>
internal readonly record struct ParquetPageHeader(
    int Type, int UncompressedSize, int CompressedSize, int DataValues, int DataEncoding, int DefinitionLevelEncoding)
{
    public const int DataPage = 0;
    public const int DictionaryPage = 2;
    public const int Plain = 0;
    public const int PlainDictionary = 2;
    public const int Rle = 3;
    public const int RleDictionary = 8;

    private const int MaxDepth = 16;

    /// <summary>Reads the header at the start of <paramref name="source"/>; <paramref name="length"/> is its size in bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ParquetPageHeader header, out int length)
    {
        var reader = new Reader(source);
        int type = -1, uncompressed = -1, compressed = -1, values = -1, encoding = -1, levelEncoding = -1;
        int? described = null;
        short field = 0;
        while (reader.TryNextField(ref field, out var kind))
        {
            if (kind == Stop)
            {
                header = new ParquetPageHeader(type, uncompressed, compressed, values, encoding, levelEncoding);
                length = reader.Position;

                // A data or dictionary page must carry the header of its own type (and no other).
                return type >= 0 && uncompressed >= 0 && compressed >= 0
                    && (type is not (DataPage or DictionaryPage) || described == type);
            }

            if (kind == Struct && field is 5 or 7)
            {
                if (described is not null)
                {
                    break;
                }

                described = field == 5 ? DataPage : DictionaryPage;
            }

            var read = (field, kind) switch
            {
                (1, I32) => reader.TryReadI32(out type),
                (2, I32) => reader.TryReadI32(out uncompressed),
                (3, I32) => reader.TryReadI32(out compressed),
                (5, Struct) => TryReadDataPageHeader(ref reader, out values, out encoding, out levelEncoding),
                (7, Struct) => TryReadDictionaryPageHeader(ref reader, out values, out encoding),
                _ => reader.TrySkip(kind, 0),
            };
            if (!read)
            {
                break;
            }
        }

        header = default;
        length = 0;
        return false;
    }

    private static bool TryReadDataPageHeader(ref Reader reader, out int values, out int encoding, out int levelEncoding)
    {
        values = encoding = levelEncoding = -1;
        short field = 0;
        while (reader.TryNextField(ref field, out var kind))
        {
            if (kind == Stop)
            {
                return values >= 0 && encoding >= 0 && levelEncoding >= 0;
            }

            var read = (field, kind) switch
            {
                (1, I32) => reader.TryReadI32(out values),
                (2, I32) => reader.TryReadI32(out encoding),
                (3, I32) => reader.TryReadI32(out levelEncoding),
                _ => reader.TrySkip(kind, 1),
            };
            if (!read)
            {
                return false;
            }
        }

        return false;
    }

    private static bool TryReadDictionaryPageHeader(ref Reader reader, out int values, out int encoding)
    {
        values = encoding = -1;
        short field = 0;
        while (reader.TryNextField(ref field, out var kind))
        {
            if (kind == Stop)
            {
                return values >= 0 && encoding >= 0;
            }

            var read = (field, kind) switch
            {
                (1, I32) => reader.TryReadI32(out values),
                (2, I32) => reader.TryReadI32(out encoding),
                _ => reader.TrySkip(kind, 1),
            };
            if (!read)
            {
                return false;
            }
        }

        return false;
    }

    // Compact protocol type codes.
    private const int Stop = 0;
    private const int True = 1;
    private const int False = 2;
    private const int Byte = 3;
    private const int I16 = 4;
    private const int I32 = 5;
    private const int I64 = 6;
    private const int Double = 7;
    private const int Binary = 8;
    private const int List = 9;
    private const int Set = 10;
    private const int Map = 11;
    private const int Struct = 12;

    private ref struct Reader(ReadOnlySpan<byte> source)
    {
        private readonly ReadOnlySpan<byte> _source = source;

        public int Position { get; private set; }

        /// <summary>The next field's id (a delta on <paramref name="field"/> or a full i16) and type; <see cref="Stop"/> ends the struct.</summary>
        public bool TryNextField(ref short field, out int kind)
        {
            kind = -1;
            if (!TryReadByte(out var b))
            {
                return false;
            }

            kind = b & 0x0F;
            if (kind == Stop)
            {
                return true;
            }

            if (b >> 4 != 0)
            {
                field += (short)(b >> 4);
                return true;
            }

            if (!TryReadVarint(out var id) || id > ushort.MaxValue)
            {
                return false;
            }

            field = (short)ZigZag(id);
            return true;
        }

        public bool TryReadI32(out int value)
        {
            value = 0;
            if (!TryReadVarint(out var raw) || raw > uint.MaxValue)
            {
                return false;
            }

            value = (int)ZigZag(raw);
            return true;
        }

        public bool TrySkip(int kind, int depth)
        {
            switch (kind)
            {
                case True or False:
                    return true;
                case Byte:
                    return TryReadByte(out _);
                case I16 or I32 or I64:
                    return TryReadVarint(out _);
                case Double:
                    return TryAdvance(8);
                case Binary:
                    return TryReadVarint(out var size) && size <= int.MaxValue && TryAdvance((int)size);
                case List or Set:
                    return TrySkipList(depth);
                case Map:
                    return TrySkipMap(depth);
                case Struct:
                    return TrySkipStruct(depth);
                default:
                    return false;
            }
        }

        private bool TrySkipStruct(int depth)
        {
            if (depth >= MaxDepth)
            {
                return false;
            }

            short field = 0;
            while (TryNextField(ref field, out var kind))
            {
                if (kind == Stop)
                {
                    return true;
                }

                if (!TrySkip(kind, depth + 1))
                {
                    return false;
                }
            }

            return false;
        }

        private bool TrySkipList(int depth)
        {
            if (depth >= MaxDepth || !TryReadByte(out var b))
            {
                return false;
            }

            ulong count = (ulong)(b >> 4);
            if (count == 15 && !TryReadVarint(out count))
            {
                return false;
            }

            // Every element takes at least one byte, except booleans (one byte each in a list too).
            return count <= (ulong)(_source.Length - Position) && TrySkipElements((int)count, b & 0x0F, depth);
        }

        private bool TrySkipMap(int depth)
        {
            if (depth >= MaxDepth || !TryReadVarint(out var count))
            {
                return false;
            }

            if (count == 0)
            {
                return true;
            }

            if (count > (ulong)(_source.Length - Position) || !TryReadByte(out var kinds))
            {
                return false;
            }

            for (var i = 0; i < (int)count; i++)
            {
                if (!TrySkipElement(kinds >> 4, depth) || !TrySkipElement(kinds & 0x0F, depth))
                {
                    return false;
                }
            }

            return true;
        }

        private bool TrySkipElements(int count, int kind, int depth)
        {
            for (var i = 0; i < count; i++)
            {
                if (!TrySkipElement(kind, depth))
                {
                    return false;
                }
            }

            return true;
        }

        // In a list or map a boolean is one byte (unlike a boolean field, whose value is in its type).
        private bool TrySkipElement(int kind, int depth) =>
            kind is True or False ? TryReadByte(out _) : kind != Stop && TrySkip(kind, depth + 1);

        private bool TryReadByte(out byte value)
        {
            value = 0;
            if (Position >= _source.Length)
            {
                return false;
            }

            value = _source[Position++];
            return true;
        }

        private bool TryAdvance(int count)
        {
            if (count > _source.Length - Position)
            {
                return false;
            }

            Position += count;
            return true;
        }

        private bool TryReadVarint(out ulong value)
        {
            value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (!TryReadByte(out var b))
                {
                    return false;
                }

                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return true;
                }
            }

            return false;
        }

        private static long ZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
    }
}
