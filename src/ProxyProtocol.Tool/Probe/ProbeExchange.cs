using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ProxyProtocol.Tool.Probe;

/// <summary>What a server did with one connection, judged by reply bytes alone.</summary>
internal enum ProbeObserved
{
    /// <summary>Reply bytes came back.</summary>
    Accepted,

    /// <summary>Closed or reset without reply bytes.</summary>
    Rejected,

    /// <summary>Neither within the deadline.</summary>
    Timeout,
}

/// <summary>
/// A network failure that leaves the server's answer unknown: no connection was made, or it failed before any reply
/// in a way other than the server closing or resetting it (a host or network unreachable, a timeout of the link).
/// </summary>
internal sealed record ProbeFailure(bool Connected, string Reason)
{
    public override string ToString() => Connected ? $"the connection failed before any reply: {Reason}" : $"could not connect: {Reason}";
}

/// <summary>
/// The outcome of one connection: what was observed, the reply, and when the reply began (or the connection ended).
/// With a <see cref="Failure"/> the observation says nothing about the server.
/// </summary>
internal sealed record ProbeOutcome(ProbeObserved Observed, byte[] Reply, TimeSpan Elapsed, bool Reset, ProbeFailure? Failure = null);

/// <summary>
/// One probe connection: connect and send the bytes (and data) as the case says, then read until the server answers,
/// closes, or the deadline passes; the deadline runs from the connect and again from each byte sent.
/// </summary>
internal static class ProbeExchange
{
    // Pause between the bytes of a byte-at-a-time header, so that each arrives in a read of its own.
    private static readonly TimeSpan ByteGap = TimeSpan.FromMilliseconds(10);

    // Once reply bytes came, a server that keeps the connection open has said enough after this long.
    private static readonly TimeSpan QuietAfterReply = TimeSpan.FromMilliseconds(500);

    private const int MaxReply = 64 * 1024;

    public static async Task<ProbeOutcome> RunAsync(EndPoint target, byte[] bytes, byte[] data, ProbeDelivery delivery, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (connected, failed) = await ConnectAsync(target, deadline, started, cancellationToken).ConfigureAwait(false);
        if (connected is null)
        {
            return failed!;
        }

        using var socket = connected;

        // The server's time runs from the last byte sent: the pauses of a byte-at-a-time header are the probe's, not its.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void Restart()
        {
            if (!timeout.IsCancellationRequested)
            {
                timeout.CancelAfter(deadline);
            }
        }

        Restart();
        try
        {
            await SendAsync(socket, bytes, data, delivery, Restart, timeout.Token).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            // The server closed early; reading tells how.
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The deadline passed while sending: the read below ends at once and reports it.
        }

        Restart();
        return await ReadReplyAsync((buffer, token) => socket.ReceiveAsync(buffer, SocketFlags.None, token), started, timeout.Token, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Connects and closes, sending nothing: why the target cannot be reached, or null when it can.</summary>
    public static async Task<string?> ConnectOnlyAsync(EndPoint target, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var (socket, failed) = await ConnectAsync(target, deadline, Stopwatch.GetTimestamp(), cancellationToken).ConfigureAwait(false);
        socket?.Dispose();
        return failed?.Failure?.Reason;
    }

    /// <returns>The connected socket, or the outcome of a connection that could not be made.</returns>
    private static async Task<(Socket? Socket, ProbeOutcome? Failed)> ConnectAsync(EndPoint target, TimeSpan deadline, long started, CancellationToken cancellationToken)
    {
        try
        {
            return (await TcpConnect.ConnectAsync(target, deadline, cancellationToken).ConfigureAwait(false), null);
        }
        catch (SocketException ex)
        {
            return (null, new(ProbeObserved.Rejected, [], Stopwatch.GetElapsedTime(started), false, new(Connected: false, ex.SocketErrorCode.ToString())));
        }
        catch (TimeoutException)
        {
            return (null, new(ProbeObserved.Timeout, [], Stopwatch.GetElapsedTime(started), false, new(Connected: false, "the connection was not established in time")));
        }
    }

    private static async Task SendAsync(Socket socket, byte[] bytes, byte[] data, ProbeDelivery delivery, Action sent, CancellationToken cancellationToken)
    {
        switch (delivery)
        {
            case ProbeDelivery.OneWrite:
                await socket.SendAsync((byte[])[.. bytes, .. data], SocketFlags.None, cancellationToken).ConfigureAwait(false);
                return;
            case ProbeDelivery.ByteAtATime:
                for (var i = 0; i < bytes.Length; i++)
                {
                    await socket.SendAsync(bytes.AsMemory(i, 1), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    sent();
                    await Task.Delay(ByteGap, cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                if (bytes.Length > 0)
                {
                    await socket.SendAsync(bytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }

                break;
        }

        if (delivery != ProbeDelivery.BytesOnly && data.Length > 0)
        {
            await socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the reply through <paramref name="receive"/> until the server closes, resets, falls quiet after replying, or the deadline passes.</summary>
    /// <param name="started">When the connection began, for the outcome's elapsed time.</param>
    internal static async Task<ProbeOutcome> ReadReplyAsync(
        Func<Memory<byte>, CancellationToken, ValueTask<int>> receive, long started, CancellationToken deadline, CancellationToken cancellationToken)
    {
        var reply = new MemoryStream();
        var buffer = new byte[16 * 1024];
        long? replied = null;
        var closed = false;
        var reset = false;
        ProbeFailure? failure = null;
        try
        {
            while (reply.Length < MaxReply)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(deadline);
                if (reply.Length > 0)
                {
                    quiet.CancelAfter(QuietAfterReply);
                }

                var read = await receive(buffer, quiet.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    closed = true;
                    break;
                }

                replied ??= Stopwatch.GetTimestamp();
                reply.Write(buffer, 0, read);
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            reset = true;
        }
        catch (SocketException ex)
        {
            // Not the server's doing: without a reply, nothing is known of its answer (with one, the reply is the answer).
            failure = reply.Length > 0 ? null : new(Connected: true, ex.SocketErrorCode.ToString());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        var observed = reply.Length > 0 ? ProbeObserved.Accepted : closed || reset || failure is not null ? ProbeObserved.Rejected : ProbeObserved.Timeout;
        return new(observed, reply.ToArray(), Stopwatch.GetElapsedTime(started, replied ?? Stopwatch.GetTimestamp()), reset, failure);
    }
}
