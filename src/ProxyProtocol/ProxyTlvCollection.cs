using System.Buffers.Binary;
using System.Collections;

namespace ProxyProtocol;

/// <summary>The raw TLVs of a header in wire order. Enumerating allocates nothing.</summary>
public readonly struct ProxyTlvCollection : IEnumerable<ProxyTlv>
{
    private readonly ReadOnlyMemory<byte> _data;

    internal ProxyTlvCollection(ReadOnlyMemory<byte> data) => _data = data;

    /// <summary>Gets the number of TLVs.</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var unused in this)
            {
                count++;
            }

            return count;
        }
    }

    /// <summary>Gets the encoded TLV area (type, length and value of every TLV) exactly as on the wire.</summary>
    public ReadOnlyMemory<byte> RawBytes => _data;

    /// <summary>Returns an enumerator over the TLVs.</summary>
    /// <returns>The enumerator.</returns>
    public Enumerator GetEnumerator() => new(_data);

    IEnumerator<ProxyTlv> IEnumerable<ProxyTlv>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates TLVs over already-validated bytes.</summary>
    public struct Enumerator : IEnumerator<ProxyTlv>
    {
        private readonly ReadOnlyMemory<byte> _data;
        private int _next;

        internal Enumerator(ReadOnlyMemory<byte> data)
        {
            _data = data;
            _next = 0;
            Current = default;
        }

        /// <inheritdoc/>
        public ProxyTlv Current { get; private set; }

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc/>
        public bool MoveNext()
        {
            var span = _data.Span;
            if (span.Length - _next < 3)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(span.Slice(_next + 1));
            if (span.Length - _next - 3 < length)
            {
                return false; // unreachable for validated data; never over-read
            }

            Current = new ProxyTlv(span[_next], _data.Slice(_next + 3, length));
            _next += 3 + length;
            return true;
        }

        /// <inheritdoc/>
        public void Reset()
        {
            _next = 0;
            Current = default;
        }

        /// <inheritdoc/>
        public readonly void Dispose()
        {
        }
    }
}
