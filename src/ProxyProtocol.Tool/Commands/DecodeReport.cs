using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ProxyProtocol.Tool.Commands;

/// <summary>Describes a decode outcome as text for people or as one JSON object for scripts.</summary>
/// <param name="datagram">The input was decoded as one UDP datagram rather than the start of a stream.</param>
internal sealed class DecodeReport(byte[] input, ProxyParseResult result, ProxyHeader? header, bool datagram = false)
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
                if (result.Error == ProxyError.TransportMismatch)
                {
                    sb.Append(datagram ? "  The header describes a TCP connection: decode it without --datagram.\n" : "  The header describes UDP: decode it as one UDP datagram with --datagram.\n");
                }
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
        WriteTypedObject(json, h);
        json.WriteString("crc32c", CrcName(h));
        json.WriteString("payload_hex", Convert.ToHexStringLower(input.AsSpan(h.HeaderLength)));
    }

    // Every TLV the registry knows, by name (ProxyHeader.TypedTlvs), as one object.
    private static void WriteTypedObject(Utf8JsonWriter json, ProxyHeader h)
    {
        json.WriteStartObject();
        foreach (var tlv in h.TypedTlvs)
        {
            WriteTyped(json, tlv.Name, tlv.Value);
        }

        json.WriteEndObject();
    }

    // Strings as strings, numbers as numbers, bytes as base64, SSL as a nested object with its flags by name.
    private static void WriteTyped(Utf8JsonWriter json, string name, object value)
    {
        switch (value)
        {
            case string text:
                json.WriteString(name, text);
                break;
            case ReadOnlyMemory<byte> bytes:
                json.WriteBase64String(name, bytes.Span);
                break;
            case byte or ushort or uint:
                json.WriteNumber(name, Convert.ToUInt32(value, CultureInfo.InvariantCulture));
                break;
            case ulong number:
                json.WriteNumber(name, number);
                break;
            case SslTlv ssl:
                json.WriteStartObject(name);
                json.WriteNumber("Client", (byte)ssl.Client);
                json.WriteStartArray("ClientFlags");
                foreach (var flag in Enum.GetValues<SslClientFlags>())
                {
                    if (flag != SslClientFlags.None && (ssl.Client & flag) != 0)
                    {
                        json.WriteStringValue(flag.ToString());
                    }
                }

                json.WriteEndArray();
                json.WriteNumber("Verify", ssl.Verify);
                json.WriteBoolean("IsClientCertificateVerified", ssl.IsClientCertificateVerified);
                WriteOptional(json, "Version", ssl.Version);
                WriteOptional(json, "CommonName", ssl.CommonName);
                WriteOptional(json, "Cipher", ssl.Cipher);
                WriteOptional(json, "SignatureAlgorithm", ssl.SignatureAlgorithm);
                WriteOptional(json, "KeyAlgorithm", ssl.KeyAlgorithm);
                WriteOptional(json, "Group", ssl.Group);
                WriteOptional(json, "SignatureScheme", ssl.SignatureScheme);
                if (ssl.ClientCertificate is { } certificate)
                {
                    json.WriteBase64String("ClientCertificate", certificate.Span);
                }

                json.WriteEndObject();
                break;
            default:
                json.WriteString(name, value.ToString());
                break;
        }
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static JsonDocument TypedTlvs(ProxyHeader h)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteTypedObject(json, h);
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
