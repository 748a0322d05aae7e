using ProxyProtocol.Fuzz.Seeds;
using ProxyProtocol.Fuzz.Targets;
using SharpFuzz;

// Usage:
//   ProxyProtocol.Fuzz <target>                  under afl-fuzz (input on stdin, out-of-process fork server)
//   ProxyProtocol.Fuzz <target> --replay <file>… run files through a target without AFL, for triage
//   ProxyProtocol.Fuzz <target> --seeds <dir>    write the seed corpus for a target
const int MaxInput = 128 * 1024; // a 16 + 65535 header plus payload; AFL++ rarely grows inputs this large

if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: ProxyProtocol.Fuzz <{string.Join('|', FuzzTargets.All.Keys)}> [--replay FILE… | --seeds DIR]");
    return 2;
}

if (args.Length >= 3 && args[1] == "--seeds")
{
    Directory.CreateDirectory(args[2]);
    foreach (var (name, bytes) in SeedCorpus.All)
    {
        foreach (var split in args[0] == "sequence" ? (ushort[])[0, 0xFFFF, 0x1234] : [0])
        {
            var file = Path.Combine(args[2], split == 0 ? name : $"{name}-{split:x4}");
            File.WriteAllBytes(file, FuzzTargets.ToInput(args[0], bytes, split));
        }
    }

    return 0;
}

if (args.Length >= 3 && args[1] == "--replay")
{
    var failures = 0;
    foreach (var file in args.Skip(2))
    {
        try
        {
            target(File.ReadAllBytes(file));
        }
#pragma warning disable CA1031 // triage reports every kind of failure
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failures++;
            Console.WriteLine($"{file}: {ex}");
        }
    }

    Console.WriteLine($"replayed {args.Length - 2} file(s), {failures} failure(s)");
    return failures == 0 ? 0 : 1;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    var buffer = new byte[MaxInput];
    var length = 0;
    int n;
    while (length < buffer.Length && (n = stream.Read(buffer, length, buffer.Length - length)) > 0)
    {
        length += n;
    }

    target(buffer.AsSpan(0, length));
});
return 0;
