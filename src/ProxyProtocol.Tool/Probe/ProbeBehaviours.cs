using System.Net;

namespace ProxyProtocol.Tool.Probe;

/// <summary>How long a half header was held: <see cref="Seconds"/> until the server ended it, or all of --max-wait.</summary>
internal sealed record StallFinding(double Seconds, bool Ended, ProbeOutcome Outcome);

/// <summary>
/// The largest v2 header accepted (null when none was) and the smallest refused (null when all were accepted), or how
/// far the bisection got before a connection failed.
/// </summary>
internal sealed record LargestHeaderFinding(int? Accepted, int? Refused, ProbeFailure? Failure = null);

/// <summary>Whether a valid header's claimed client showed up in the reply (null when there was no reply).</summary>
internal sealed record ClaimFinding(IPAddress Claimed, bool? Shown, ProbeOutcome Outcome);

/// <summary>What a run reports about a server without judging it: these are policy, not spec.</summary>
internal sealed class ProbeBehaviours(ProbeSettings settings, SemaphoreSlim slots)
{
    public const string Stall = "stall";
    public const string LargestHeader = "largest-header";
    public const string ClaimedAddress = "claimed-address";

    // A v2 TCP/IPv4 header is 28 bytes; a NOOP TLV (3 bytes + padding) makes any length from 31 to the v2 maximum.
    private const int Smallest = 28;
    private const int SmallestPadded = 31;

    /// <summary>Sends the first half of a v2 header and waits (outside the concurrency slots) for the server to give up.</summary>
    public async Task<StallFinding?> MeasureStallAsync(CancellationToken cancellationToken)
    {
        var header = ProbeCases.V2(200).Build().Encode();
        var outcome = await ProbeExchange.RunAsync(settings.Target, header[..(header.Length / 2)], [], ProbeDelivery.BytesOnly, settings.MaxWait, cancellationToken).ConfigureAwait(false);
        var ended = outcome.Observed != ProbeObserved.Timeout;
        return new StallFinding(ended ? outcome.Elapsed.TotalSeconds : settings.MaxWait.TotalSeconds, ended, outcome);
    }

    /// <summary>Bisects the total length of a v2 header between 28 bytes and the v2 maximum.</summary>
    public async Task<LargestHeaderFinding?> FindLargestHeaderAsync(CancellationToken cancellationToken)
    {
        int? accepted = null, refused = null;
        for (int? length = Smallest; length is { } next; length = Next(accepted, refused))
        {
            var outcome = await ExchangeAsync(Padded(next), cancellationToken).ConfigureAwait(false);
            if (outcome.Failure is { } failure)
            {
                return new LargestHeaderFinding(accepted, refused, failure);
            }

            if (outcome.Observed == ProbeObserved.Accepted)
            {
                accepted = next;
            }
            else
            {
                refused = next;
            }
        }

        return new LargestHeaderFinding(accepted, refused);
    }

    // 28 bytes first, then the maximum, then halves between the largest accepted and the smallest refused; null when done.
    private static int? Next(int? accepted, int? refused) => (accepted, refused) switch
    {
        (Smallest, null) => ProxyParserOptions.MaxV2HeaderLength,
        ({ } a, { } r) when Math.Max(a + ((r - a) / 2), SmallestPadded) is var middle && middle < r && middle > a => middle, // 29 and 30 cannot be built
        _ => null,
    };

    /// <summary>Sends a valid header claiming 198.51.100.200 and looks for that address in the reply.</summary>
    public async Task<ClaimFinding?> CheckClaimAsync(CancellationToken cancellationToken)
    {
        var source = ProbeCases.Source4(200);
        var outcome = await ExchangeAsync(ProbeCases.V2(200).Build().Encode(), cancellationToken).ConfigureAwait(false);
        return new ClaimFinding(source.Address, outcome.Observed == ProbeObserved.Accepted ? ReplyText.Shows(outcome.Reply, source.Address) : null, outcome);
    }

    private static byte[] Padded(int length)
    {
        var builder = ProbeCases.V2(201);
        if (length > Smallest)
        {
            builder.AddTlv(ProxyTlvTypes.Noop, new byte[length - SmallestPadded]);
        }

        return builder.Build().Encode();
    }

    private async Task<ProbeOutcome> ExchangeAsync(byte[] header, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ProbeExchange.RunAsync(settings.Target, header, settings.Data, ProbeDelivery.HeaderThenData, settings.CaseTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }
}
