using System.Collections;

namespace ProxyProtocol;

/// <summary>
/// The TLVs of a header that <c>tlv-registry.json</c> describes and that decode, in registry order, one per registry
/// entry (the first of repeated TLVs, as the typed properties read them); absent and malformed ones are left out.
/// Enumerating allocates only what decoding does (strings, boxed values).
/// </summary>
public readonly struct ProxyTypedTlvCollection : IEnumerable<ProxyTypedTlv>
{
    private readonly ProxyHeader? _header;

    internal ProxyTypedTlvCollection(ProxyHeader header) => _header = header;

    /// <summary>Returns an enumerator over the typed TLVs.</summary>
    /// <returns>The enumerator.</returns>
    public Enumerator GetEnumerator() => new(_header);

    IEnumerator<ProxyTypedTlv> IEnumerable<ProxyTypedTlv>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates the typed TLVs of a header.</summary>
    public struct Enumerator : IEnumerator<ProxyTypedTlv>
    {
        private readonly ProxyHeader? _header;
        private int _next;

        internal Enumerator(ProxyHeader? header)
        {
            _header = header;
            _next = 0;
            Current = default;
        }

        /// <inheritdoc/>
        public ProxyTypedTlv Current { get; private set; }

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc/>
        public bool MoveNext()
        {
            if (_header is not null && _header.TryGetTypedTlv(ref _next, out var tlv))
            {
                Current = tlv;
                return true;
            }

            Current = default;
            return false;
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
