using Microsoft.Extensions.Options;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>
/// Checks options at startup, so a bad value stops the host instead of surfacing on the first connection. The parser's
/// ranges are checked by <see cref="ProxyParserOptions"/> itself when a value is set (binding reports those as errors).
/// </summary>
internal sealed class ProxyProtocolOptionsValidator : IValidateOptions<ProxyProtocolOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyProtocolOptions options) => Validate(options, BindingErrors.Get(options));

    /// <summary>Throws when <paramref name="options"/> or <paramref name="bindingErrors"/> hold a failure.</summary>
    public static void ThrowIfInvalid(ProxyProtocolOptions options, IEnumerable<string> bindingErrors)
    {
        var result = Validate(options, bindingErrors);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ProxyProtocolOptions), result.Failures);
        }
    }

    private static ValidateOptionsResult Validate(ProxyProtocolOptions options, IEnumerable<string> bindingErrors)
    {
        var failures = new List<string>(bindingErrors);
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
}
