using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace ProxyProtocol.Tool.Commands;

/// <summary>Describes a decode outcome as text for people or as one JSON object for scripts.</summary>
internal sealed class DecodeReport(byte[] input, ProxyParseResult result, ProxyHeader? header)
{
    public string ToJson()
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (header is null)
            {
                json.WriteBoolean("valid", false);
                json.WriteString("error", result.IsIncomplete ? nameof(ProxyError.Truncated) : result.Error.ToString());
                json.WriteNumber("offset", result.IsIncomplete ? input.Length : result.ErrorOffset);
                json.WriteBoolean("incomplete", result.IsIncomplete);
            }
            else
            {
                WriteHeader(json, header);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public string ToText()
    {
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        if (header is null)
        {
            if (result.IsIncomplete)
            {
                sb.Append(c, $"Incomplete PROXY header: the {input.Length} bytes given are a prefix of a possibly valid header (Truncated).\n");
            }
            else
            {
                sb.Append(c, $"Invalid PROXY header: {result.Error} at offset {result.ErrorOffset}.\n  {result.Error.GetDescription()}\n");
            }

            return sb.ToString();
        }

        sb.Append(c, $"Valid PROXY v{(int)header.Version} header ({header.HeaderLength} bytes)\n");
        sb.Append(c, $"  command:     {CommandName(header).ToUpperInvariant()}\n");
        sb.Append(c, $"  family:      {FamilyName(header)}\n");
        sb.Append(c, $"  transport:   {TransportName(header)}\n");
        sb.Append(c, $"  source:      {Printable(Endpoint(header, source: true)) ?? "-"}\n");
        sb.Append(c, $"  destination: {Printable(Endpoint(header, source: false)) ?? "-"}\n");
        foreach (var tlv in header.Tlvs)
        {
            sb.Append(c, $"  TLV 0x{tlv.Type:X2}:    {tlv.Value.Length} bytes: {Convert.ToHexStringLower(tlv.Value.Span)}\n");
        }

        using (var typed = TypedTlvs(header))
        {
            AppendFields(sb, typed.RootElement, "  ");
        }

        sb.Append(c, $"  CRC32C:      {CrcName(header)}\n");
        sb.Append(c, $"  payload:     {input.Length - header.HeaderLength} bytes\n");
        return sb.ToString();
    }

    private void WriteHeader(Utf8JsonWriter json, ProxyHeader h)
    {
        json.WriteBoolean("valid", true);
        json.WriteNumber("version", (int)h.Version);
        json.WriteString("command", CommandName(h));
        json.WriteString("family", FamilyName(h));
        json.WriteString("transport", TransportName(h));
        WriteNullableString(json, "source", Endpoint(h, source: true));
        WriteNullableString(json, "destination", Endpoint(h, source: false));
        json.WriteNumber("header_length", h.HeaderLength);
        json.WriteStartArray("tlvs");
        foreach (var tlv in h.Tlvs)
        {
            json.WriteStartObject();
            json.WriteNumber("type", tlv.Type);
            json.WriteString("value_hex", Convert.ToHexStringLower(tlv.Value.Span));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WritePropertyName("typed");
        h.WriteTypedTlvs(json);
        json.WriteString("crc32c", CrcName(h));
        json.WriteString("payload_hex", Convert.ToHexStringLower(input.AsSpan(h.HeaderLength)));
    }

    private static JsonDocument TypedTlvs(ProxyHeader h)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            h.WriteTypedTlvs(json);
        }

        return JsonDocument.Parse(buffer.ToArray());
    }

    // The typed values as the JSON's "typed" object holds them, one field a line; SSL's fields indented under it.
    private static void AppendFields(StringBuilder sb, JsonElement fields, string indent)
    {
        foreach (var field in fields.EnumerateObject())
        {
            if (field.Value.ValueKind == JsonValueKind.Object)
            {
                sb.Append(indent).Append(field.Name).Append(":\n");
                AppendFields(sb, field.Value, indent + "  ");
            }
            else
            {
                sb.Append(indent).Append((field.Name + ":").PadRight(12)).Append(' ').Append(FieldText(field.Value)).Append('\n');
            }
        }
    }

    private static string FieldText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Printable(value.GetString()) ?? string.Empty,
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(FieldText)),
        _ => value.GetRawText(),
    };

    private static void WriteNullableString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static string CommandName(ProxyHeader h) => h.Command == ProxyCommand.Local ? "local" : "proxy";

    private static string FamilyName(ProxyHeader h) => h.AddressFamily switch
    {
        ProxyAddressFamily.InterNetwork => "inet",
        ProxyAddressFamily.InterNetworkV6 => "inet6",
        ProxyAddressFamily.Unix => "unix",
        _ => "unspec",
    };

    private static string TransportName(ProxyHeader h) => h.Transport switch
    {
        ProxyTransport.Stream => "stream",
        ProxyTransport.Datagram => "dgram",
        _ => "unspec",
    };

    private static string CrcName(ProxyHeader h) => h.Crc32CVerified switch
    {
        true => "verified",
        false => "mismatch",
        null => "absent",
    };

    private static string? Endpoint(ProxyHeader h, bool source)
    {
        if (h.HasIPEndPoints)
        {
            var ep = source ? h.Source! : h.Destination!;
            return ep.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                ? $"[{ep.Address}]:{ep.Port.ToString(CultureInfo.InvariantCulture)}"
                : $"{ep.Address}:{ep.Port.ToString(CultureInfo.InvariantCulture)}";
        }

        return source ? h.SourceUnixPath : h.DestinationUnixPath;
    }

    // Unix paths come from the untrusted header: keep control characters away from the terminal.
    private static string? Printable(string? text) =>
        text is null || !text.Any(char.IsControl)
            ? text
            : string.Concat(text.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));
}
