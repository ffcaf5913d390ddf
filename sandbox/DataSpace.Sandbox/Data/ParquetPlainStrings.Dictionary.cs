using System.Buffers;
using System.Buffers.Binary;
using System.Text.Unicode;
using static DataSpace.Sandbox.Data.ParquetPages;

namespace DataSpace.Sandbox.Data;

/// <summary>The dictionary-encoded pages of a string chunk: the dictionary page's entries, then each page's indices into them.</summary>
internal sealed partial class ParquetPlainStrings
{
    private sealed partial class Decoder
    {
        /// <summary>The PLAIN values of the dictionary page, each checked as UTF-8; false when one is not (Parquet.Net then replaces its bad sequences).</summary>
        private bool ReadDictionary(ReadOnlySpan<byte> page, int count)
        {
            // Every value takes at least its 4-byte length, so a count the page cannot hold is a lie, refused before anything is allocated.
            if (count > page.Length / 4)
            {
                throw Corrupt(path, column, $"declares {count} dictionary values in a page of {page.Length} bytes");
            }

            _dictionary = ArrayPool<byte>.Shared.Rent(page.Length + ShortCopy);
            _entries = ArrayPool<int>.Shared.Rent(count + 1);
            page.CopyTo(_dictionary);
            var at = 0;
            for (var i = 0; i < count; i++)
            {
                if (page.Length - at < 4 || BinaryPrimitives.ReadInt32LittleEndian(page[at..]) is var length && (uint)length > (uint)(page.Length - at - 4))
                {
                    throw Corrupt(path, column, $"has a dictionary whose value {i + 1} runs past its page or is below zero in length");
                }

                var value = page.Slice(at + 4, length);
                if (!Utf8.IsValid(value))
                {
                    return false;
                }

                // Entry i is the value's 4-byte length followed by its bytes: it starts at _entries[i] + 4 and ends at _entries[i + 1].
                _entries[i] = at;
                _longestEntry = Math.Max(_longestEntry, length);
                at += 4 + length;
            }

            _entries[count] = at;
            _entryCount = count;
            return true;
        }

        /// <summary>A dictionary-encoded page's rows: the bit width, then one index per defined row, each row given its entry's bytes.</summary>
        private void ReadIndexed(ReadOnlySpan<byte> page, int rows, int values)
        {
            if (page.IsEmpty)
            {
                throw Corrupt(path, column, "has a dictionary-encoded page without the bit width of its indices");
            }

            int width = page[0];
            if (width > 32)
            {
                throw Corrupt(path, column, $"has dictionary indices of {width} bits (at most 32)");
            }

            if (_indices.Length < values)
            {
                if (_indices.Length > 0)
                {
                    ArrayPool<int>.Shared.Return(_indices);
                }

                _indices = ArrayPool<int>.Shared.Rent(values);
            }

            var indices = _indices.AsSpan(0, values);
            ReadIndices(page[1..], width, indices);
            var dictionary = _dictionary!;
            var entries = _entries!;
            var defined = strings.Defined;

            // Room for the page's values at once when the longest entry allows (then short values are copied 16 bytes at a
            // time: the bytes past a value are overwritten by the next, or left past the chunk's end); else value by value.
            var roomAtOnce = (long)values * Math.Max(_longestEntry, ShortCopy) + ShortCopy <= System.Array.MaxLength - Length;
            if (roomAtOnce)
            {
                EnsureRoom((values * Math.Max(_longestEntry, ShortCopy)) + ShortCopy);
            }

            var bytes = strings.Bytes;
            var next = 0;
            for (var row = Rows; row < Rows + rows; row++)
            {
                strings.Offsets[row] = Length;
                if (defined is not null && defined[row] == 0)
                {
                    continue;
                }

                var index = indices[next++];
                if ((uint)index >= (uint)_entryCount)
                {
                    throw Corrupt(path, column, $"has dictionary index {(uint)index} for row {row + 1} of its row group; the dictionary holds {_entryCount} values");
                }

                var from = entries[index] + 4;
                var length = entries[index + 1] - from;
                if (roomAtOnce && length <= ShortCopy)
                {
                    dictionary.AsSpan(from, ShortCopy).CopyTo(bytes.AsSpan(Length, ShortCopy));
                }
                else if (length > 0)
                {
                    EnsureRoom(length);
                    bytes = strings.Bytes;
                    dictionary.AsSpan(from, length).CopyTo(bytes.AsSpan(Length));
                }

                Length += length;
            }

            Rows += rows;
        }

        /// <summary>
        /// <paramref name="output"/>.Length values of <paramref name="width"/> bits in the RLE / bit-packed hybrid
        /// (parquet-format Encodings.md): a run header, then one value repeated, or groups of 8 values packed LSB first.
        /// </summary>
        private void ReadIndices(ReadOnlySpan<byte> source, int width, Span<int> output)
        {
            var filled = 0;
            var at = 0;
            var mask = width == 32 ? uint.MaxValue : (1u << width) - 1;
            var valueBytes = (width + 7) / 8;
            while (filled < output.Length)
            {
                if (!TryReadRunHeader(source, ref at, out var header))
                {
                    throw Corrupt(path, column, $"has {filled} dictionary indices in a page of {output.Length} values");
                }

                if ((header & 1) == 0)
                {
                    if (source.Length - at < valueBytes)
                    {
                        throw Corrupt(path, column, $"has {filled} dictionary indices in a page of {output.Length} values");
                    }

                    var value = 0u;
                    for (var b = 0; b < valueBytes; b++)
                    {
                        value |= (uint)source[at + b] << (8 * b);
                    }

                    at += valueBytes;
                    var run = (int)Math.Min(header >> 1, (uint)(output.Length - filled));
                    output.Slice(filled, run).Fill((int)value);
                    filled += run;
                    continue;
                }

                // A bit-packed run of (header >> 1) groups of 8 values; the page's last run may stop short of its values.
                var take = (int)Math.Min((long)(header >> 1) * 8, output.Length - filled);
                var bytes = ((long)take * width + 7) / 8;
                if (bytes > source.Length - at)
                {
                    throw Corrupt(path, column, $"has {filled} dictionary indices in a page of {output.Length} values");
                }

                Unpack(source.Slice(at, (int)bytes), width, mask, output.Slice(filled, take));
                filled += take;
                at = (int)Math.Min(source.Length, at + ((long)(header >> 1) * width));
            }
        }

        /// <summary>Values of <paramref name="width"/> bits packed LSB first in <paramref name="packed"/>, which holds them all.</summary>
        private static void Unpack(ReadOnlySpan<byte> packed, int width, uint mask, Span<int> output)
        {
            if (width == 0)
            {
                output.Clear();
                return;
            }

            var bit = 0L;
            for (var i = 0; i < output.Length; i++, bit += width)
            {
                var at = (int)(bit >> 3);
                ulong window;
                if (packed.Length - at >= 8)
                {
                    window = BinaryPrimitives.ReadUInt64LittleEndian(packed[at..]);
                }
                else
                {
                    window = 0;
                    for (var b = 0; at + b < packed.Length; b++)
                    {
                        window |= (ulong)packed[at + b] << (8 * b);
                    }
                }

                output[i] = (int)((uint)(window >> (int)(bit & 7)) & mask);
            }
        }
    }
}
