#pragma warning disable IDE0130 // The compiler looks the type up by this full name, whatever the folder.
namespace System.Runtime.CompilerServices;
#pragma warning restore IDE0130

// netstandard2.0 lacks it; records and init accessors need it.
internal static class IsExternalInit
{
}
