using ProxyProtocol.Docs.Tests.Snippets;

namespace ProxyProtocol.Docs.Tests.Harness;

/// <summary>An annotation may only say what a fragment is pasted into, never smuggle in code the reader does not see.</summary>
public sealed class SnippetContextTests
{
    [Fact]
    public void A_fragment_takes_namespaces_and_plain_variables()
    {
        var context = SnippetContext.Parse("snippet: console fragment; using System.Net; using ProxyProtocol; byte[] buffer; Stream stream; IList<IPNetwork>? networks");

        Assert.Equal(["using System.Net", "using ProxyProtocol"], context.Usings);
        Assert.Equal(["byte[] buffer", "Stream stream", "IList<IPNetwork>? networks"], context.Variables);
    }

    [Theory]
    [InlineData("snippet: console fragment; using Builder = ProxyProtocol.ProxyHeaderBuilder")]   // an alias the reader lacks
    [InlineData("snippet: console fragment; using static ProxyProtocol.ProxyHeaderParser")]       // members the reader must qualify
    [InlineData("snippet: console fragment; int port = 8080")]                                   // a value the reader never sees
    [InlineData("snippet: console fragment; Stream stream) { } static void Helper(")]            // code in the parameter list
    [InlineData("snippet: console fragment; global using ProxyProtocol")]
    public void An_annotation_cannot_declare_code(string annotation)
    {
        Assert.Throws<FormatException>(() => SnippetContext.Parse(annotation));
    }
}
