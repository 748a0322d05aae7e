using System.CommandLine;

namespace ProxyProtocol.Tool.Commands;

/// <summary>Flags that mirror <see cref="ProxyParserOptions"/>, shared by the commands that parse headers.</summary>
internal sealed class ParserOptionFlags
{
    public Option<int> MaxLength { get; } = new("--max-length")
    {
        Description = "Cap on a v2 header's total length (16..65551).",
        HelpName = "bytes",
        DefaultValueFactory = _ => ProxyParserOptions.DefaultMaxHeaderLength,
    };

    public Option<bool> CrcReportOnly { get; } = new("--crc-report-only")
    {
        Description = "Report a CRC32C mismatch instead of rejecting the header.",
    };

    public Option<bool> AllowIPv4InTcp6 { get; } = new("--allow-ipv4-in-tcp6")
    {
        Description = "Accept a v1 TCP6 line that carries an IPv4 address, as some proxies write when the client came over IPv6 " +
            "and the proxy's own address is IPv4 (the spec forbids it); each IPv4 address becomes ::ffff:a.b.c.d.",
    };

    public Option<string> Accept { get; } = new("--accept")
    {
        Description = "Versions to accept: v1, v2 or all.",
        DefaultValueFactory = _ => "all",
    };

    public IEnumerable<Option> All => [MaxLength, CrcReportOnly, AllowIPv4InTcp6, Accept];

    public void AddTo(Command command)
    {
        command.Options.Add(MaxLength);
        command.Options.Add(CrcReportOnly);
        command.Options.Add(AllowIPv4InTcp6);
        command.Options.Add(Accept);
        Accept.AcceptOnlyFromAmong("v1", "v2", "all");
    }

    public ProxyParserOptions Read(ParseResult parse)
    {
        var max = parse.GetValue(MaxLength);
        if (max < 16 || max > ProxyParserOptions.MaxV2HeaderLength)
        {
            throw new UsageException($"--max-length must be between 16 and {ProxyParserOptions.MaxV2HeaderLength}.");
        }

        return new ProxyParserOptions
        {
            MaxHeaderLength = max,
            RejectCrc32CMismatch = !parse.GetValue(CrcReportOnly),
            AllowIPv4InTcp6 = parse.GetValue(AllowIPv4InTcp6),
            AcceptedVersions = parse.GetValue(Accept) switch
            {
                "v1" => ProxyVersions.V1,
                "v2" => ProxyVersions.V2,
                _ => ProxyVersions.All,
            },
        };
    }
}
