using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ProxyProtocol.Generators.Json;
using ProxyProtocol.Generators.Model;

namespace ProxyProtocol.Generators.Parsing;

/// <summary>Turns <c>tlv-registry.json</c> into a <see cref="RegistryModel"/>, or into diagnostics that point at the
/// offending line. Never throws for bad input. The schema is described in docs/tlv-registry.md.</summary>
internal sealed class RegistryParser
{
    private static readonly string[] RootProperties = { "$schema", "namespace", "tlvs" };
    private static readonly string[] EntryProperties = { "name", "specName", "type", "subtype", "format", "minLength", "maxLength", "typed", "doc", "spec", "fields", "derived", "subTlvs" };
    private static readonly string[] FieldProperties = { "name", "format", "doc", "flags" };
    private static readonly string[] FlagsProperties = { "enum", "doc", "values" };
    private static readonly string[] FlagValueProperties = { "name", "specName", "value", "doc" };
    private static readonly string[] DerivedProperties = { "name", "kind", "field", "flagsField", "anyOf", "doc" };
    private static readonly string[] SubTlvProperties = { "name", "specName", "type", "format", "minLength", "maxLength", "doc" };

    private readonly string _path;
    private readonly List<DiagnosticInfo> _diagnostics = new();

    private RegistryParser(string path) => _path = path;

    public static RegistryResult Parse(string path, string? text)
    {
        var parser = new RegistryParser(path);
        RegistryModel? model = null;
        if (text is null)
        {
            parser._diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RegistrySyntax, null, path, "the file could not be read"));
        }
        else
        {
            try
            {
                model = parser.ReadRoot(JsonReader.Parse(text));
            }
            catch (JsonSyntaxException e)
            {
                var location = new LocationInfo(path, e.Span, e.Lines);
                parser._diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.RegistrySyntax, location, $"{System.IO.Path.GetFileName(path)}({e.Lines.Start.Line + 1},{e.Lines.Start.Character + 1})", e.Message));
            }
        }

        return new RegistryResult(parser._diagnostics.Count == 0 ? model : null, parser._diagnostics.ToEquatableArray());
    }

    private RegistryModel? ReadRoot(JsonNode root)
    {
        if (!Expect(root, JsonKind.Object, "the document must be an object"))
        {
            return null;
        }

        CheckProperties(root, RootProperties);
        var ns = OptionalString(root, "namespace") ?? "ProxyProtocol";
        if (!ns.Split('.').All(part => part.Length > 0 && (char.IsLetter(part[0]) || part[0] == '_') && part.All(c => char.IsLetterOrDigit(c) || c == '_')))
        {
            Report(Get(root, "namespace")!, $"the namespace \"{ns}\" is not a dotted name of identifiers");
            return null;
        }

        var tlvs = Get(root, "tlvs");
        if (tlvs is null)
        {
            Report(root, "missing property \"tlvs\"");
            return null;
        }

        if (!Expect(tlvs, JsonKind.Array, "\"tlvs\" must be an array"))
        {
            return null;
        }

        var entries = new List<TlvEntry>();
        var names = new Dictionary<string, JsonNode>(StringComparer.Ordinal);

        // Each generated type is one source file named after it; Roslyn compares those names ignoring case.
        var typeNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["ProxyTlvTypes"] = "the constants" };
        foreach (var item in tlvs.Items)
        {
            var entry = ReadEntry(item);
            if (entry is null)
            {
                continue;
            }

            if (names.ContainsKey(entry.Name))
            {
                Report(item, $"the name \"{entry.Name}\" is used twice");
                continue;
            }

            names[entry.Name] = item;
            var clash = entries.FirstOrDefault(e => e.Type == entry.Type && (e.Subtype is null || entry.Subtype is null || e.Subtype == entry.Subtype));
            if (clash is not null)
            {
                Report(item, $"\"{entry.Name}\" has the same type{(entry.Subtype is null ? string.Empty : " and subtype")} as \"{clash.Name}\"");
                continue;
            }

            var generated = new[] { entry.Name + "Tlv" }
                .Concat(entry.Composite?.Fields.Where(f => f.Flags is not null).Select(f => f.Flags!.EnumName) ?? Enumerable.Empty<string>())
                .ToList();
            var taken = generated.Where((n, i) => typeNames.ContainsKey(n) || generated.FindIndex(g => string.Equals(g, n, StringComparison.OrdinalIgnoreCase)) != i).ToList();
            if (taken.Count > 0)
            {
                Report(item, $"\"{entry.Name}\" generates the type {taken[0]}, which is already generated for {(typeNames.TryGetValue(taken[0], out var owner) ? owner : $"\"{entry.Name}\"")}");
                continue;
            }

            foreach (var typeName in generated)
            {
                typeNames[typeName] = $"\"{entry.Name}\"";
            }

            entries.Add(entry);
        }

        return new RegistryModel(ns, entries.ToEquatableArray());
    }

    private TlvEntry? ReadEntry(JsonNode node)
    {
        if (!Expect(node, JsonKind.Object, "each TLV must be an object"))
        {
            return null;
        }

        var errors = _diagnostics.Count;
        CheckProperties(node, EntryProperties);
        var name = RequireIdentifier(node, "name");
        var type = RequireByte(node, "type");
        var subtype = OptionalByte(node, "subtype");
        var format = RequireFormat(node, "format", composite: true);
        var min = OptionalInt(node, "minLength", 0);
        var max = OptionalInt(node, "maxLength", 65535);
        var typed = OptionalBool(node, "typed", true);
        var doc = RequireString(node, "doc");
        CompositeSpec? composite = null;
        if (format == ValueFormat.Composite)
        {
            composite = ReadComposite(node);
        }
        else
        {
            foreach (var key in new[] { "fields", "derived", "subTlvs" })
            {
                if (Get(node, key) is { } extra)
                {
                    Report(extra, $"\"{key}\" is only allowed with format \"composite\"");
                }
            }
        }

        CheckLengths(node, format, min, max);
        return _diagnostics.Count != errors || name is null || type is null || format is null || doc is null
            ? null
            : new TlvEntry(name, OptionalString(node, "specName"), type.Value, subtype, format.Value, min, max, typed, doc, OptionalString(node, "spec"), composite);
    }

    private CompositeSpec? ReadComposite(JsonNode node)
    {
        var fields = new List<FixedField>();
        foreach (var item in RequireArray(node, "fields"))
        {
            if (!Expect(item, JsonKind.Object, "each field must be an object"))
            {
                continue;
            }

            CheckProperties(item, FieldProperties);
            var name = RequireIdentifier(item, "name");
            var format = RequireFormat(item, "format", composite: false);
            var doc = RequireString(item, "doc");
            if (format is not null && !IsInteger(format.Value))
            {
                Report(Get(item, "format")!, "a fixed field must be an unsigned integer format");
            }

            FlagsSpec? flags = null;
            if (Get(item, "flags") is { } flagsNode && Expect(flagsNode, JsonKind.Object, "\"flags\" must be an object"))
            {
                CheckProperties(flagsNode, FlagsProperties);
                var values = new List<FlagValue>();
                foreach (var v in RequireArray(flagsNode, "values"))
                {
                    if (Expect(v, JsonKind.Object, "each flag must be an object"))
                    {
                        CheckProperties(v, FlagValueProperties);
                        var flagName = RequireIdentifier(v, "name");
                        var flagValue = RequireByte(v, "value");
                        var flagDoc = RequireString(v, "doc");
                        if (flagName is not null && flagValue is not null && flagDoc is not null)
                        {
                            values.Add(new FlagValue(flagName, OptionalString(v, "specName"), flagValue.Value, flagDoc));
                        }
                    }
                }

                var enumName = RequireIdentifier(flagsNode, "enum");
                var enumDoc = RequireString(flagsNode, "doc");
                if (enumName is not null && enumDoc is not null)
                {
                    flags = new FlagsSpec(enumName, enumDoc, values.ToEquatableArray());
                }
            }

            if (name is not null && format is not null && doc is not null)
            {
                fields.Add(new FixedField(name, format.Value, doc, flags));
            }
        }

        var derived = new List<DerivedProperty>();
        foreach (var item in OptionalArray(node, "derived"))
        {
            if (!Expect(item, JsonKind.Object, "each derived property must be an object"))
            {
                continue;
            }

            CheckProperties(item, DerivedProperties);
            var name = RequireIdentifier(item, "name");
            var kind = RequireString(item, "kind");
            if (kind is not null && kind != "zeroAndAnyFlag")
            {
                Report(Get(item, "kind")!, $"unknown derived kind \"{kind}\" (known: \"zeroAndAnyFlag\")");
            }

            var field = RequireString(item, "field");
            var flagsField = RequireString(item, "flagsField");
            var doc = RequireString(item, "doc");
            var anyOf = new List<string>();
            foreach (var flag in RequireArray(item, "anyOf"))
            {
                if (Expect(flag, JsonKind.String, "flag names must be strings"))
                {
                    anyOf.Add(flag.Text);
                }
            }

            var zeroField = fields.FirstOrDefault(f => f.Name == field);
            var flagsOwner = fields.FirstOrDefault(f => f.Name == flagsField);
            if (field is not null && zeroField is null)
            {
                Report(Get(item, "field")!, $"no fixed field named \"{field}\"");
            }

            if (flagsField is not null && flagsOwner?.Flags is null)
            {
                Report(Get(item, "flagsField")!, $"no fixed field with flags named \"{flagsField}\"");
            }
            else if (flagsOwner?.Flags is { } f)
            {
                foreach (var flag in anyOf.Where(a => !f.Values.Any(v => v.Name == a)))
                {
                    Report(Get(item, "anyOf")!, $"\"{flag}\" is not a flag of \"{flagsField}\"");
                }
            }

            if (name is not null && field is not null && flagsField is not null && doc is not null)
            {
                derived.Add(new DerivedProperty(name, field, flagsField, anyOf.ToEquatableArray(), doc));
            }
        }

        var subTlvs = new List<SubTlv>();
        foreach (var item in OptionalArray(node, "subTlvs"))
        {
            if (!Expect(item, JsonKind.Object, "each sub-TLV must be an object"))
            {
                continue;
            }

            CheckProperties(item, SubTlvProperties);
            var name = RequireIdentifier(item, "name");
            var type = RequireByte(item, "type");
            var format = RequireFormat(item, "format", composite: false);
            var min = OptionalInt(item, "minLength", 0);
            var max = OptionalInt(item, "maxLength", 65535);
            var doc = RequireString(item, "doc");
            if (format is not null)
            {
                CheckLengths(item, format.Value, min, max);
            }

            if (type is not null && subTlvs.Any(s => s.Type == type))
            {
                Report(item, $"sub-TLV type 0x{type:X2} is used twice");
            }
            else if (name is not null && type is not null && format is not null && doc is not null)
            {
                subTlvs.Add(new SubTlv(name, OptionalString(item, "specName"), type.Value, format.Value, min, max, doc));
            }
        }

        return new CompositeSpec(fields.ToEquatableArray(), derived.ToEquatableArray(), subTlvs.ToEquatableArray());
    }

    private static bool IsInteger(ValueFormat format) => format is ValueFormat.UInt8
        or ValueFormat.UInt16BigEndian or ValueFormat.UInt16LittleEndian
        or ValueFormat.UInt32BigEndian or ValueFormat.UInt32LittleEndian
        or ValueFormat.UInt64BigEndian or ValueFormat.UInt64LittleEndian;

    private void CheckLengths(JsonNode node, ValueFormat? format, int min, int max)
    {
        if (min < 0 || max > 65535 || min > max)
        {
            Report(node, $"lengths must satisfy 0 <= minLength <= maxLength <= 65535 (got {min}..{max})");
        }
    }

    private void CheckProperties(JsonNode node, string[] allowed)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in node.Members)
        {
            if (Array.IndexOf(allowed, member.Key.Text) < 0)
            {
                Report(member.Key, $"unknown property \"{member.Key.Text}\" (allowed: {string.Join(", ", allowed)})");
            }
            else if (!seen.Add(member.Key.Text))
            {
                Report(member.Key, $"property \"{member.Key.Text}\" appears twice");
            }
        }
    }

    private static JsonNode? Get(JsonNode node, string name)
    {
        foreach (var member in node.Members)
        {
            if (member.Key.Text == name)
            {
                return member.Value;
            }
        }

        return null;
    }

    private string? RequireString(JsonNode node, string name)
    {
        var value = Get(node, name);
        if (value is null)
        {
            Report(node, $"missing property \"{name}\"");
            return null;
        }

        return Expect(value, JsonKind.String, $"\"{name}\" must be a string") ? value.Text : null;
    }

    private string? OptionalString(JsonNode node, string name)
    {
        var value = Get(node, name);
        return value is null ? null : Expect(value, JsonKind.String, $"\"{name}\" must be a string") ? value.Text : null;
    }

    private string? RequireIdentifier(JsonNode node, string name)
    {
        var text = RequireString(node, name);
        if (text is null)
        {
            return null;
        }

        if (text.Length == 0 || !char.IsUpper(text[0]) || !text.All(char.IsLetterOrDigit))
        {
            Report(Get(node, name)!, $"\"{text}\" is not a PascalCase identifier (letters and digits, starting upper-case)");
            return null;
        }

        return text;
    }

    private IEnumerable<JsonNode> RequireArray(JsonNode node, string name)
    {
        var value = Get(node, name);
        if (value is null)
        {
            Report(node, $"missing property \"{name}\"");
            return Array.Empty<JsonNode>();
        }

        return Expect(value, JsonKind.Array, $"\"{name}\" must be an array") ? value.Items : Array.Empty<JsonNode>();
    }

    private IEnumerable<JsonNode> OptionalArray(JsonNode node, string name) =>
        Get(node, name) is { } value && Expect(value, JsonKind.Array, $"\"{name}\" must be an array") ? value.Items : Array.Empty<JsonNode>();

    private byte? RequireByte(JsonNode node, string name)
    {
        var value = Get(node, name);
        if (value is null)
        {
            Report(node, $"missing property \"{name}\"");
            return null;
        }

        return ReadByte(value, name);
    }

    private byte? OptionalByte(JsonNode node, string name) => Get(node, name) is { } value ? ReadByte(value, name) : null;

    private byte? ReadByte(JsonNode value, string name)
    {
        if (value.Kind == JsonKind.String && value.Text.StartsWith("0x", StringComparison.Ordinal) && value.Text.Length is 3 or 4
            && byte.TryParse(value.Text.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return hex;
        }

        if (value.Kind == JsonKind.Number && byte.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        Report(value, $"\"{name}\" must be a byte: a number 0-255 or a string \"0x00\"-\"0xFF\"");
        return null;
    }

    private int OptionalInt(JsonNode node, string name, int fallback)
    {
        var value = Get(node, name);
        if (value is null)
        {
            return fallback;
        }

        if (value.Kind == JsonKind.Number && int.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        Report(value, $"\"{name}\" must be a non-negative integer");
        return fallback;
    }

    private bool OptionalBool(JsonNode node, string name, bool fallback)
    {
        var value = Get(node, name);
        if (value is null)
        {
            return fallback;
        }

        if (value.Kind is JsonKind.True or JsonKind.False)
        {
            return value.Kind == JsonKind.True;
        }

        Report(value, $"\"{name}\" must be true or false");
        return fallback;
    }

    private ValueFormat? RequireFormat(JsonNode node, string name, bool composite)
    {
        var text = RequireString(node, name);
        ValueFormat? format = text switch
        {
            "utf8" => ValueFormat.Utf8,
            "ascii" => ValueFormat.Ascii,
            "bytes" => ValueFormat.Bytes,
            "uint8" => ValueFormat.UInt8,
            "uint16be" => ValueFormat.UInt16BigEndian,
            "uint16le" => ValueFormat.UInt16LittleEndian,
            "uint32be" => ValueFormat.UInt32BigEndian,
            "uint32le" => ValueFormat.UInt32LittleEndian,
            "uint64be" => ValueFormat.UInt64BigEndian,
            "uint64le" => ValueFormat.UInt64LittleEndian,
            "composite" when composite => ValueFormat.Composite,
            _ => null,
        };
        if (text is not null && format is null)
        {
            Report(Get(node, name)!, $"unknown format \"{text}\" (known: utf8, ascii, bytes, uint8, uint16be, uint16le, uint32be, uint32le, uint64be, uint64le{(composite ? ", composite" : string.Empty)})");
        }

        return format;
    }

    private bool Expect(JsonNode node, JsonKind kind, string message)
    {
        if (node.Kind == kind)
        {
            return true;
        }

        Report(node, message);
        return false;
    }

    private void Report(JsonNode node, string message)
    {
        var location = new LocationInfo(_path, node.Span, node.Lines);
        _diagnostics.Add(DiagnosticInfo.Create(
            DiagnosticDescriptors.RegistrySchema, location, $"{System.IO.Path.GetFileName(_path)}({node.Lines.Start.Line + 1},{node.Lines.Start.Character + 1})", message));
    }
}
