// Reads a v2 header (AUTHORITY and a vendor TLV 0xE5 "blue") from a stream, then the payload behind it.
using ProxyProtocol;

byte[] input = Convert.FromHexString(
    "0d0a0d0a000d0a515549540a" + "2111" + "0021" + "cb007107" + "c0000201" + "c738" + "01bb"
    + "02000b" + "6578616d706c652e636f6d" + "e50004" + "626c7565"
    + "7061796c6f6164");

ProxyStreamResult result = await ProxyProtocolReader.ReadAsync(new MemoryStream(input));
ProxyHeader header = result.Header;
string payload = await new StreamReader(result.Stream).ReadToEndAsync();
Console.WriteLine($"version={(int)header.Version} source={header.Source} authority={header.Authority} tenant={header.TenantId?.Value} payload={payload}");

[ProxyTlv(0xE5)]
public readonly partial record struct TenantId(string Value);
