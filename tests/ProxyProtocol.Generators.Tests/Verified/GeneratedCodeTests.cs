namespace ProxyProtocol.Generators.Tests.Verified;

/// <summary>Generated code names the release that produced it: [GeneratedCode]'s version is the package version.</summary>
public sealed class GeneratedCodeTests
{
    [Fact]
    public void The_generated_code_version_is_the_package_version()
    {
        var props = System.Xml.Linq.XDocument.Load(TestFiles.RepositoryFile("Directory.Build.props"));
        var prefix = props.Descendants("VersionPrefix").Single().Value;
        Assert.StartsWith(prefix, Emit.GeneratedCode.Version, StringComparison.Ordinal);
        Assert.DoesNotContain('+', Emit.GeneratedCode.Version); // no commit suffix: baselines and users' diffs stay stable
        Assert.Equal($"[global::System.CodeDom.Compiler.GeneratedCode(\"ProxyProtocol.Generators\", \"{Emit.GeneratedCode.Version}\")]", Emit.GeneratedCode.Attribute);
    }
}
