using ProxyProtocol.Fuzz.Seeds;
using ProxyProtocol.Fuzz.Targets;

namespace ProxyProtocol.Robustness.Tests.Fuzz;

/// <summary>The fuzz targets' invariants hold for every seed (so a broken harness or a regression shows without AFL++).</summary>
public sealed class SeedCorpusTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in FuzzTargets.All.Keys)
        {
            foreach (var (name, _) in SeedCorpus.All)
            {
                data.Add(target, name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Seed_satisfies_target(string target, string seed)
    {
        var bytes = SeedCorpus.All.Single(s => s.Key == seed).Value;
        foreach (var split in new ushort[] { 0, 1, 0x1234, 0xFFFF })
        {
            FuzzTargets.All[target](FuzzTargets.ToInput(target, bytes, split));
        }
    }

    public static TheoryData<string> Names() => new(SeedCorpus.All.Select(s => s.Key));

    [Theory]
    [MemberData(nameof(Names))]
    public void Seed_gets_the_same_verdict_for_every_split(string seed)
    {
        SplitStability.AssertEveryPrefixAgrees(SeedCorpus.All.Single(s => s.Key == seed).Value);
    }
}
