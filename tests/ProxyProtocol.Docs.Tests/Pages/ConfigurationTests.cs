using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProxyProtocol.AspNetCore;
using ProxyProtocol.Docs.Tests.Markdown;
using ProxyProtocol.Docs.Tests.Snippets;

namespace ProxyProtocol.Docs.Tests.Pages;

/// <summary>
/// Every json block of the documentation with a <c>ProxyProtocol</c> section is a valid configuration: the app binds
/// and validates it as at startup, which refuses a key that is not an option and a value out of range.
/// </summary>
public sealed class ConfigurationTests
{
    public static TheoryData<string> Blocks() =>
        [.. ConfigurationBlocks().Select(b => b.ToString())];

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Binds_and_validates(string block)
    {
        var snippet = ConfigurationBlocks().Single(b => b.ToString() == block);
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(snippet.Text))).Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddProxyProtocol()
            .BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<ProxyProtocolOptions>>().Value;   // throws when invalid or unknown
        Assert.NotNull(options);
    }

    [Fact]
    public void Deployment_guides_have_configurations()
    {
        Assert.Contains(ConfigurationBlocks(), b => b.File.StartsWith("docs/deployment/", StringComparison.Ordinal));
    }

    private static IEnumerable<MarkdownBlock> ConfigurationBlocks() =>
        SnippetTests.DocumentationFiles()
            .SelectMany(MarkdownBlocks.Read)
            .Where(b => string.Equals(b.Language, "json", StringComparison.OrdinalIgnoreCase) && b.Text.Contains($"\"{ProxyProtocolOptions.SectionName}\"", StringComparison.Ordinal));
}
