using System.Net;

namespace ProxyProtocol.Tool.Probe;

/// <summary>What the spec requires of a server for one case.</summary>
internal enum ProbeExpectation
{
    Accept,

    /// <summary>Valid, and the spec recommends accepting it, but lets a receiver drop it (the case says why).</summary>
    AcceptOrDrop,

    Reject,

    /// <summary>Invalid, but the spec lets a receiver accept it, e.g. one that skips the TLVs unread (the case says why).</summary>
    RejectOrAccept,

    /// <summary>Bytes without a header: rejected by a server that requires one, accepted with <c>--header-optional</c>.</summary>
    RejectUnlessHeaderOptional,

    /// <summary>
    /// Nothing sent: the server must not reply (it must not act before a header), so waiting and closing are both
    /// right; a reply is a server that speaks first, whose replies then say nothing about the headers it was sent.
    /// </summary>
    NoReply,
}

/// <summary>How a case's bytes go on the wire.</summary>
internal enum ProbeDelivery
{
    /// <summary>The header in one write, then the data in another.</summary>
    HeaderThenData,

    /// <summary>Header and data in a single write (a server must not lose the data that came with the header).</summary>
    OneWrite,

    /// <summary>The header one byte per write, with a pause between, then the data.</summary>
    ByteAtATime,

    /// <summary>The bytes alone, no data (a TLS ClientHello, a stalled half header, nothing at all).</summary>
    BytesOnly,

    /// <summary>
    /// No header, the data alone: <c>--data</c>, or the default request when <c>--data</c> is empty (a client that
    /// sends nothing is a case of its own).
    /// </summary>
    DataOnly,
}

/// <summary>
/// What a case sends before the data, the client address it claims (null when it claims none) and, when the header
/// writes that address in another form (<c>198.51.100.099</c>), the text as sent: a server may echo either.
/// </summary>
internal sealed record ProbeBytes(byte[] Bytes, IPAddress? Claimed, string? ClaimedAsSent = null);

/// <summary>
/// One row of the case table: a name for <c>--case</c>, what the spec requires, and the bytes. <see cref="Allowance"/>
/// says why the spec allows a receiver to drop an <see cref="ProbeExpectation.AcceptOrDrop"/> case or to accept a
/// <see cref="ProbeExpectation.RejectOrAccept"/> one.
/// </summary>
internal sealed record ProbeCase(
    string Name, ProbeExpectation Expectation, string Description, Func<ProbeBytes> Build, ProbeDelivery Delivery = ProbeDelivery.HeaderThenData, string? Allowance = null)
{
    /// <summary>False when the spec allows the outcome it does not expect (<see cref="Allowance"/> says why).</summary>
    public bool Required => Expectation is not (ProbeExpectation.AcceptOrDrop or ProbeExpectation.RejectOrAccept);

    public bool ExpectsAccept(bool headerOptional) => Expectation switch
    {
        ProbeExpectation.Accept or ProbeExpectation.AcceptOrDrop => true,
        ProbeExpectation.RejectUnlessHeaderOptional => headerOptional,
        _ => false,
    };
}
