using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>Adds the connection middleware to one endpoint, after the startup checks.</summary>
internal static class EndpointRegistration
{
    public const string LoggerCategory = "ProxyProtocol.AspNetCore";

    private static readonly ConditionalWeakTable<ListenOptions, ProxyProtocolOptions> Enabled = new();

    public static bool IsEnabled(ListenOptions listenOptions) => Enabled.TryGetValue(listenOptions, out _);

    public static void Register(ListenOptions listenOptions, ProxyProtocolOptions options)
    {
        var endpoint = listenOptions.ToString() ?? "endpoint";
        if (KestrelInternals.IsTls(listenOptions) == true)
        {
            throw new InvalidOperationException(
                $"PROXY protocol must be enabled on endpoint {endpoint} before UseHttps: the PROXY header arrives before the TLS handshake. " +
                "Call listenOptions.UseProxyProtocol() before listenOptions.UseHttps(), or use builder.WebHost.UseProxyProtocol(), which applies it to every endpoint ahead of TLS.");
        }

        if (!Enabled.TryAdd(listenOptions, options))
        {
            throw new InvalidOperationException(
                $"PROXY protocol is already enabled on endpoint {endpoint}. builder.WebHost.UseProxyProtocol() enables it on every endpoint; " +
                "set per-application options there (or in the ProxyProtocol configuration section) instead of calling listenOptions.UseProxyProtocol() as well.");
        }

        ProxyProtocolOptionsValidator.ThrowIfInvalid(options, BindingErrors.Get(options));

        var services = TryGetServices(listenOptions);
        var logger = (services?.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(LoggerCategory);
        var marker = services?.GetService<ProxyProtocolServicesMarker>();
        var hygieneRegistered = marker is not null;
        var configuration = hygieneRegistered ? services!.GetService<IConfiguration>() : null;
        var metrics = ProxyProtocolMetrics.For(services);
        var timeProvider = services?.GetService<TimeProvider>() ?? TimeProvider.System;
        listenOptions.Use(next =>
        {
            // Built when the endpoint binds: by then its name, TLS and protocols are settled, so the log shows its
            // real scheme and its own settings.
            var display = listenOptions.ToString() ?? "endpoint";
            var section = configuration is null ? null : EndpointSettings.FindSection(configuration, listenOptions);
            var effective = options;
            if (section is not null)
            {
                marker!.MatchedSections[section] = true;
                if (EndpointSettings.Apply(configuration!, section, options) is not { } own)
                {
                    Log.Disabled(logger, display, section);
                    return next;
                }

                effective = own;
            }

            Log.Enabled(logger, display, section is null ? string.Empty : $" (with {section})", EndpointSettings.Describe(effective));
            if (effective.TrustedNetworks.Count == 0)
            {
                Log.NoTrustedNetworks(logger, display);
            }

            if (!effective.HeaderRequired)
            {
                Log.HeaderOptional(logger, display);
            }

            if (effective.Parser.HeaderTimeout == Timeout.InfiniteTimeSpan)
            {
                Log.HeaderTimeoutInfinite(logger, display);
            }

            if ((effective.ForwardedHeaders != ForwardedHeadersHygiene.Off || effective.SetHttpsSchemeFromSslTlv) && !hygieneRegistered)
            {
                Log.HygieneNotRegistered(logger, display);
            }

            if ((listenOptions.Protocols & HttpProtocols.Http3) != 0)
            {
                Log.Http3NotCovered(logger, display);
            }

            return new ProxyProtocolConnectionMiddleware(next, effective, logger, metrics, timeProvider).OnConnectionAsync;
        });
    }

    /// <summary>The app's configured options (when <c>AddProxyProtocol</c> ran), copied so one endpoint's changes stay its own.</summary>
    public static ProxyProtocolOptions CreateOptions(ListenOptions listenOptions)
    {
        var services = TryGetServices(listenOptions);
        return services?.GetService<ProxyProtocolServicesMarker>() is not null
            ? services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProxyProtocolOptions>>().Value.Copy()
            : new ProxyProtocolOptions();
    }

    private static IServiceProvider? TryGetServices(ListenOptions listenOptions)
    {
        try
        {
            return listenOptions.ApplicationServices;
        }
        catch (InvalidOperationException)
        {
            return null; // ListenOptions created outside a server.
        }
        catch (NullReferenceException)
        {
            return null;
        }
    }
}
