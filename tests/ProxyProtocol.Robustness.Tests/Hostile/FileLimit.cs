using System.Runtime.InteropServices;

namespace ProxyProtocol.Robustness.Tests.Hostile;

/// <summary>Raises this process's open-file soft limit (RLIMIT_NOFILE) towards the hard limit; children inherit it.</summary>
internal static partial class FileLimit
{
    private const int RlimitNofile = 7; // Linux

    internal static ulong EnsureAtLeast(ulong wanted)
    {
        if (!OperatingSystem.IsLinux() || GetRLimit(RlimitNofile, out var limit) != 0)
        {
            return 0;
        }

        if (limit.Current < wanted)
        {
            limit.Current = Math.Min(wanted, limit.Max);
            _ = SetRLimit(RlimitNofile, limit);
            _ = GetRLimit(RlimitNofile, out limit);
        }

        return limit.Current;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit")]
    private static partial int GetRLimit(int resource, out RLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit")]
    private static partial int SetRLimit(int resource, in RLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Max;
    }
}
