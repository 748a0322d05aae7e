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
    private readonly List<LocationInfo> _nameLocations = new();

    private RegistryParser(string path) => _path = path;

    /// <summary>The registry's default namespace, and what an unreadable registry generates into.</summary>
    public const string DefaultNamespace = "ProxyProtocol";

    /// <summary>
    /// Reads the registry. A bad entry is reported and left out, and the rest is still read; a file that cannot be
    /// read as a whole yields an empty model. Either way the generated code is valid, so the diagnostics are the build's
    /// only errors rather than the first of many about members that were not generated.
    /// </summary>
    public static RegistryResult Parse(string path, string? text)
    {
        var parser = new RegistryParser(path);
        RegistryModel? model = null;
        if (text is null)
        {
            parser._diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RegistrySyntax, (LocationInfo?)null, path, "the file could not be read"));
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

        return new RegistryResult(
            model ?? new RegistryModel(DefaultNamespace, EquatableArray<TlvEntry>.Empty),
            parser._nameLocations.ToEquatableArray(),
            parser._diagnostics.ToEquatableArray());
    }

    private RegistryModel? ReadRoot(JsonNode root)
    {
        if (!Expect(root, JsonKind.Object, "the document must be an object"))
        {
            return null;
        }

        CheckProperties(root, RootProperties);
        var ns = OptionalString(root, "namespace") ?? DefaultNamespace;
        if (!ns.Split('.').All(part => part.Length > 0 && (char.IsLetter(part[0]) || part[0] == '_') && part.All(c => char.IsLetterOrDigit(c) || c == '_')))
        {
            Report(Get(root, "namespace")!, $"the namespace \"{ns}\" is not a dotted name of identifiers");
            return null;
        }

        var tlvs = Get(root, "tlvs");
        if (tlvs is null)
        {
            Report(root, "missing property \"tlvs\"");
            return new RegistryModel(ns, EquatableArray<TlvEntry>.Empty);
        }

        if (!Expect(tlvs, JsonKind.Array, "\"tlvs\" must be an array"))
        {
            return new RegistryModel(ns, EquatableArray<TlvEntry>.Empty);
        }

        var entries = new List<TlvEntry>();
        var names = new Dictionary<string, JsonNode>(StringComparer.Ordinal);

        // Each generated type is one source file named after it; Roslyn compares those names ignoring case.
        var typeNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["ProxyTlvTypes"] = "the constants" };
        var constants = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in tlvs.Items)
        {
            var entry = ReadEntry(item);
            if (entry is null)
            {
                continue;
            }

            var nameNode = Get(item, "name")!;
            if (names.ContainsKey(entry.Name))
            {
                Report(item, $"the name \"{entry.Name}\" is used twice");
                continue;
            }

            var clash = entries.FirstOrDefault(e => e.Type == entry.Type && (e.Subtype is null || entry.Subtype is null || e.Subtype == entry.Subtype));
            if (clash is not null)
            {
                Report(item, $"\"{entry.Name}\" has the same type{(entry.Subtype is null ? string.Empty : " and subtype")} as \"{clash.Name}\"");
                continue;
            }

            var generated = entry.Typed
                ? new[] { Emit.RegistryEmitter.TypeName(entry) }.Concat(entry.Composite?.Fields.Where(f => f.Flags is not null).Select(f => f.Flags!.EnumName) ?? Enumerable.Empty<string>()).ToList()
                : new List<string>();
            var taken = generated.Where((n, i) => typeNames.ContainsKey(n) || generated.FindIndex(g => string.Equals(g, n, StringComparison.OrdinalIgnoreCase)) != i).ToList();
            if (taken.Count > 0)
            {
                Report(item, $"\"{entry.Name}\" generates the type {taken[0]}, which is already generated for {(typeNames.TryGetValue(taken[0], out var owner) ? owner : $"\"{entry.Name}\"")}; rename it");
                continue;
            }

            var single = new RegistryModel(ns, new[] { entry }.ToEquatableArray());
            var entryConstants = Emit.RegistryEmitter.Constants(single).Select(c => c.Name).ToList();
            var constant = entryConstants.FirstOrDefault(c => constants.ContainsKey(c) || entryConstants.Count(n => n == c) > 1);
            if (constant is not null)
            {
                Report(nameNode, $"\"{entry.Name}\" generates the constant ProxyTlvTypes.{constant}, which {(constants.TryGetValue(constant, out var other) ? $"\"{other}\" also generates" : "it generates twice")}; rename it");
                continue;
            }

            foreach (var typeName in generated)
            {
                typeNames[typeName] = $"\"{entry.Name}\"";
            }

            foreach (var c in entryConstants)
            {
                constants[c] = entry.Name;
            }

            names[entry.Name] = item;
            entries.Add(entry);
            _nameLocations.Add(new LocationInfo(_path, nameNode.Span, nameNode.Lines));
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
        if (format?.Format == ValueFormat.Composite)
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
            : new TlvEntry(name, OptionalString(node, "specName"), type.Value, subtype, format, min, max, typed, doc, OptionalString(node, "spec"), composite);
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
            if (format is not null && format.Format != ValueFormat.Integer)
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
                fields.Add(new FixedField(name, format, doc, flags));
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
                CheckLengths(item, format, min, max);
            }

            if (type is not null && subTlvs.Any(s => s.Type == type))
            {
                Report(item, $"sub-TLV type 0x{type:X2} is used twice");
            }
            else if (name is not null && type is not null && format is not null && doc is not null)
            {
                subTlvs.Add(new SubTlv(name, OptionalString(item, "specName"), type.Value, format, min, max, doc));
            }
        }

        CheckMemberNames(node);
        return new CompositeSpec(fields.ToEquatableArray(), derived.ToEquatableArray(), subTlvs.ToEquatableArray());
    }

    /// <summary>Fields, derived properties and sub-TLVs are all properties of one generated struct, next to the members
    /// every struct has; flag names are members of one enum, next to its None.</summary>
    private void CheckMemberNames(JsonNode node)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Equals"] = "object", ["GetHashCode"] = "object", ["ToString"] = "object", ["GetType"] = "object",
            ["MemberwiseClone"] = "object", ["Finalize"] = "object", ["ComputeHash"] = "the generated struct",
        };
        foreach (var (key, what) in new[] { ("fields", "field"), ("derived", "derived property"), ("subTlvs", "sub-TLV") })
        {
            foreach (var item in Get(node, key) is { Kind: JsonKind.Array } array ? array.Items : new List<JsonNode>())
            {
                if (item.Kind == JsonKind.Object && Get(item, "name") is { Kind: JsonKind.String } nameNode)
                {
                    if (seen.TryGetValue(nameNode.Text, out var owner))
                    {
                        Report(nameNode, $"the {what} \"{nameNode.Text}\" would be a second member of that name in the generated struct (the other: {owner}); rename it");
                    }
                    else
                    {
                        seen[nameNode.Text] = $"the {what} \"{nameNode.Text}\"";
                    }
                }

                var values = item.Kind == JsonKind.Object && Get(item, "flags") is { Kind: JsonKind.Object } flags && Get(flags, "values") is { Kind: JsonKind.Array } list ? list.Items : new List<JsonNode>();
                var flagNames = new HashSet<string>(StringComparer.Ordinal) { "None" };
                foreach (var flag in values)
                {
                    if (flag.Kind == JsonKind.Object && Get(flag, "name") is { Kind: JsonKind.String } flagName && !flagNames.Add(flagName.Text))
                    {
                        Report(flagName, $"the flag \"{flagName.Text}\" is {(flagName.Text == "None" ? "generated for 0" : "used twice")}; rename it");
                    }
                }
            }
        }
    }

    private void CheckLengths(JsonNode node, ValueSpec? format, int min, int max)
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

    private ValueSpec? RequireFormat(JsonNode node, string name, bool composite)
    {
        var text = RequireString(node, name);
        var format = text switch
        {
            "utf8" => ValueSpec.Utf8,
            "ascii" => ValueSpec.Ascii,
            "bytes" => ValueSpec.Bytes,
            "uint8" => ValueSpec.Integer(1, signed: false),
            "uint16be" => ValueSpec.Integer(2, signed: false),
            "uint16le" => ValueSpec.Integer(2, signed: false, bigEndian: false),
            "uint32be" => ValueSpec.Integer(4, signed: false),
            "uint32le" => ValueSpec.Integer(4, signed: false, bigEndian: false),
            "uint64be" => ValueSpec.Integer(8, signed: false),
            "uint64le" => ValueSpec.Integer(8, signed: false, bigEndian: false),
            "composite" when composite => ValueSpec.Composite,
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
