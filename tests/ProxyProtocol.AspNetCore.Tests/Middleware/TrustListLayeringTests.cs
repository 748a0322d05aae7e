using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ProxyProtocol.AspNetCore.Tests.Middleware;

/// <summary>
/// A later configuration source's TrustedNetworks replaces the earlier list whole, whatever the form of either (a JSON
/// array, one comma-separated string, indexed variables or arguments); code adds to what configuration gave. Real
/// providers: a JSON file's stream, environment variables (under a prefix of this test's own), the command line.
/// </summary>
public sealed class TrustListLayeringTests : IDisposable
{
    private readonly string _prefix = $"PPTEST_{Guid.NewGuid():N}_";
    private readonly List<string> _variables = [];

    public static TheoryData<string, string[], string[], string[]> Layers => new()
    {
        // The reported case: an operator narrows the file's list with one variable.
        { """["127.0.0.0/8", "::1/128"]""", ["ProxyProtocol__TrustedNetworks=10.0.0.0/8"], [], ["10.0.0.0/8"] },
        // An indexed variable replaces the whole array, not only its first entry.
        { """["127.0.0.0/8", "::1/128"]""", ["ProxyProtocol__TrustedNetworks__0=10.0.0.0/8"], [], ["10.0.0.0/8"] },
        // A string in the file, an array in the environment.
        { "\"127.0.0.0/8, ::1/128\"", ["ProxyProtocol__TrustedNetworks__0=10.0.0.0/8", "ProxyProtocol__TrustedNetworks__1=192.0.2.0/24"], [], ["10.0.0.0/8", "192.0.2.0/24"] },
        // The command line over the environment, in each form.
        { """["127.0.0.0/8"]""", ["ProxyProtocol__TrustedNetworks=10.0.0.0/8"], ["--ProxyProtocol:TrustedNetworks:0=172.16.0.0/12"], ["172.16.0.0/12"] },
        { """["127.0.0.0/8"]""", ["ProxyProtocol__TrustedNetworks__0=10.0.0.0/8", "ProxyProtocol__TrustedNetworks__1=11.0.0.0/8"], ["--ProxyProtocol:TrustedNetworks=172.16.0.0/12"], ["172.16.0.0/12"] },
        // A blank later value does not empty the list (trusting everyone takes 0.0.0.0/0 and ::/0, written out).
        { """["127.0.0.0/8"]""", ["ProxyProtocol__TrustedNetworks="], [], ["127.0.0.0/8"] },
        { """["127.0.0.0/8"]""", [], ["--ProxyProtocol:TrustedNetworks=0.0.0.0/0,::/0"], ["0.0.0.0/0", "::/0"] },
        // Only the file.
        { """["127.0.0.0/8", "::1/128"]""", [], [], ["127.0.0.0/8", "::1/128"] },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void Later_source_replaces_the_list_and_code_adds(string json, string[] variables, string[] arguments, string[] expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(Json(json))
            .AddEnvironmentVariables(Variables(variables))
            .AddCommandLine(arguments)
            .Build();

        Assert.Equal(expected.Select(IPNetwork.Parse), Resolve(configuration).TrustedNetworks);
        Assert.Equal(expected.Select(IPNetwork.Parse).Append(IPNetwork.Parse("198.51.100.0/24")), Resolve(configuration, o => o.TrustedNetworks.Add(IPNetwork.Parse("198.51.100.0/24"))).TrustedNetworks);
    }

    [Fact]
    public void Source_order_decides_which_list_wins_not_its_form()
    {
        var variables = Variables(["ProxyProtocol__TrustedNetworks=10.0.0.0/8"]);
        var fileLast = new ConfigurationBuilder().AddEnvironmentVariables(variables).AddJsonStream(Json("""["127.0.0.0/8", "::1/128"]""")).Build();
        Assert.Equal([IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")], Resolve(fileLast).TrustedNetworks);

        var arrayFirst = new ConfigurationBuilder()
            .AddCommandLine(["--ProxyProtocol:TrustedNetworks:0=172.16.0.0/12", "--ProxyProtocol:TrustedNetworks:1=192.168.0.0/16"])
            .AddEnvironmentVariables(variables)
            .Build();
        Assert.Equal([IPNetwork.Parse("10.0.0.0/8")], Resolve(arrayFirst).TrustedNetworks);
    }

    [Fact]
    public void Chained_configuration_is_asked_source_by_source()
    {
        var inner = new ConfigurationBuilder()
            .AddJsonStream(Json("""["127.0.0.0/8", "::1/128"]"""))
            .AddEnvironmentVariables(Variables(["ProxyProtocol__TrustedNetworks=10.0.0.0/8"]))
            .Build();
        var outer = new ConfigurationBuilder().AddConfiguration(inner).Build();
        Assert.Equal([IPNetwork.Parse("10.0.0.0/8")], Resolve(outer).TrustedNetworks);
    }

    /// <summary>
    /// An endpoint's own list is applied over the app-wide one, whatever source each came from: a later source that
    /// narrows the app-wide list leaves an endpoint with its own list as it was (the README says so), and narrowing that
    /// endpoint takes its own key.
    /// </summary>
    [Fact]
    public void EndpointList_from_an_earlier_source_beats_a_later_app_wide_list()
    {
        const string Section = "ProxyProtocol:Endpoints:Public";
        var file = """{ "ProxyProtocol": { "TrustedNetworks": [ "10.0.0.0/8" ], "Endpoints": { "Public": { "TrustedNetworks": [ "10.0.0.0/8" ] } } } }""";
        var appWide = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(file)))
            .AddEnvironmentVariables(Variables(["ProxyProtocol__TrustedNetworks=10.0.1.0/24"]))
            .Build();
        Assert.Equal([IPNetwork.Parse("10.0.1.0/24")], Resolve(appWide).TrustedNetworks);
        Assert.Equal([IPNetwork.Parse("10.0.0.0/8")], Internal.EndpointSettings.Apply(appWide, Section, Resolve(appWide))!.TrustedNetworks);

        var endpoint = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(file)))
            .AddEnvironmentVariables(Variables(["ProxyProtocol__Endpoints__Public__TrustedNetworks=10.0.1.0/24"]))
            .Build();
        Assert.Equal([IPNetwork.Parse("10.0.1.0/24")], Internal.EndpointSettings.Apply(endpoint, Section, Resolve(endpoint))!.TrustedNetworks);
    }

    public void Dispose()
    {
        foreach (var name in _variables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    private string Variables(string[] assignments)
    {
        foreach (var assignment in assignments)
        {
            var (name, value) = (_prefix + assignment[..assignment.IndexOf('=', StringComparison.Ordinal)], assignment[(assignment.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            // An empty value cannot be set on every platform through this API; a single space is as blank.
            Environment.SetEnvironmentVariable(name, value.Length == 0 ? " " : value);
            _variables.Add(name);
        }

        return _prefix;
    }

    private static MemoryStream Json(string trustedNetworks) =>
        new(Encoding.UTF8.GetBytes($$"""{ "ProxyProtocol": { "TrustedNetworks": {{trustedNetworks}} } }"""));

    private static ProxyProtocolOptions Resolve(IConfiguration configuration, Action<ProxyProtocolOptions>? code = null)
    {
        using var services = new ServiceCollection().AddSingleton(configuration).AddProxyProtocol(code).BuildServiceProvider();
        return services.GetRequiredService<IOptions<ProxyProtocolOptions>>().Value;
    }
}
