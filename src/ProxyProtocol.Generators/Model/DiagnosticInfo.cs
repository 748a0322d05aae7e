using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ProxyProtocol.Generators.Model;

/// <summary>A location as plain values (file, span, lines), so it can live in a cached pipeline value.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan Lines)
{
    public static LocationInfo? From(Location? location) =>
        location is null || location.SourceTree is null ? null : new(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);

    public Location ToLocation() => Location.Create(FilePath, Span, Lines);
}

/// <summary>A diagnostic to report later: descriptor, location and message arguments, all equatable.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params object[] arguments)
    {
        var args = new string[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            args[i] = Convert.ToString(arguments[i], System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }

        return new(descriptor, location, args.ToEquatableArray());
    }

    public Diagnostic ToDiagnostic() => ToDiagnostic(Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None);

    public Diagnostic ToDiagnostic(Microsoft.CodeAnalysis.Location location)
    {
        var args = new object[Arguments.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = Arguments[i];
        }

        return Diagnostic.Create(Descriptor, location, args);
    }
}
