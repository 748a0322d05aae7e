using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ProxyProtocol.Generators.Model;

/// <summary>A place in a file that is not C# (the registry), as plain values: file, span and lines.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan Lines)
{
    public Location ToLocation() => Location.Create(FilePath, Span, Lines);
}

/// <summary>
/// A diagnostic to report later: descriptor, location and message arguments, all equatable. A location in source is the
/// declaration's own (a <see cref="SyntaxTree"/> and span, compared by tree identity and span), so it is reported in the
/// compilation's tree, where IDEs offer code fixes and <c>#pragma</c> applies; an unrelated edit keeps the tree and so
/// leaves the value equal and its output cached. Only syntax locations belong here (a symbol's location may hold a
/// compilation); a file that is not C#, such as the registry, has a path location.
/// </summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, Location? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params object[] arguments) =>
        Create(descriptor, location?.ToLocation(), arguments);

    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params object[] arguments)
    {
        var args = new string[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            args[i] = Convert.ToString(arguments[i], System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }

        // Only a place in a file is kept: a metadata location holds a module symbol (and so a compilation) and is no
        // place a user could edit anyway.
        var kept = location is { Kind: LocationKind.SourceFile or LocationKind.ExternalFile } ? location : null;
        return new(descriptor, kept, args.ToEquatableArray());
    }

    public Diagnostic ToDiagnostic()
    {
        var args = new object[Arguments.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = Arguments[i];
        }

        return Diagnostic.Create(Descriptor, Location ?? Microsoft.CodeAnalysis.Location.None, args);
    }
}
