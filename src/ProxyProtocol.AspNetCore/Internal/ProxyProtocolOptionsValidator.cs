using Microsoft.Extensions.Options;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>Checks options at startup, so a bad value stops the host instead of surfacing on the first connection.</summary>
internal sealed class ProxyProtocolOptionsValidator : IValidateOptions<ProxyProtocolOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyProtocolOptions options)
    {
        var failures = new List<string>(BindingErrors.Get(options));
        if (options.HeaderTimeout <= TimeSpan.Zero || options.HeaderTimeout == Timeout.InfiniteTimeSpan || options.HeaderTimeout > TimeSpan.FromDays(1))
        {
            failures.Add($"HeaderTimeout must be positive and at most one day (got {options.HeaderTimeout}).");
        }

        if (options.MaxHeaderLength is < 16 or > ProxyParserOptions.MaxV2HeaderLength)
        {
            failures.Add($"MaxHeaderLength must be between 16 and {ProxyParserOptions.MaxV2HeaderLength} (got {options.MaxHeaderLength}).");
        }

        if (options.AcceptedVersions == 0 || (options.AcceptedVersions & ~ProxyVersions.All) != 0)
        {
            failures.Add($"AcceptedVersions must be V1, V2 or both (got {options.AcceptedVersions}).");
        }

        if (!Enum.IsDefined(options.UntrustedPeerPolicy))
        {
            failures.Add($"UntrustedPeerPolicy must be Reject or Skip (got {options.UntrustedPeerPolicy}).");
        }

        if (!Enum.IsDefined(options.ForwardedHeaders))
        {
            failures.Add($"ForwardedHeaders must be Rewrite, Strip or Off (got {options.ForwardedHeaders}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static void ThrowIfInvalid(ProxyProtocolOptions options)
    {
        var result = new ProxyProtocolOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ProxyProtocolOptions), result.Failures);
        }
    }

    /// <summary>The core reader's options for these settings.</summary>
    public static ProxyParserOptions ToParserOptions(ProxyProtocolOptions options, bool withTimeout = true) => new()
    {
        AcceptedVersions = options.AcceptedVersions,
        MaxHeaderLength = options.MaxHeaderLength,
        RejectCrc32CMismatch = options.RejectCrc32CMismatch,
        AllowIPv4InTcp6 = options.AllowIPv4InTcp6,
        HeaderTimeout = withTimeout ? options.HeaderTimeout : Timeout.InfiniteTimeSpan,
        IncludeInputInErrors = false,
    };
}
