using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ProxyProtocol.Interop.Tests.Harness;

/// <summary>
/// A throw-away CA (RSA, SHA-256) with a server certificate (CN app.example, RSA 2048) and a client certificate
/// (CN client.example, ECDSA P-256), so the key algorithm tells which certificate a TLV describes.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    internal TestCertificates(TempDir dir)
    {
        var caRequest = new CertificateRequest("CN=ProxyProtocol interop test CA", _caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        Ca = caRequest.CreateSelfSigned(now, now.AddDays(1));

        Server = Issue("CN=app.example", "app.example", serverAuth: true, now);
        Client = Issue("CN=client.example", null, serverAuth: false, now);

        CaFile = dir.Write("ca.pem", Ca.ExportCertificatePem() + "\n");
        using var serverKey = Server.GetRSAPrivateKey()!;
        ServerPemFile = dir.Write("server.pem", Server.ExportCertificatePem() + "\n" + serverKey.ExportPkcs8PrivateKeyPem() + "\n");
    }

    private readonly RSA _caKey = RSA.Create(2048);

    internal X509Certificate2 Ca { get; }

    internal X509Certificate2 Server { get; }

    internal X509Certificate2 Client { get; }

    internal string CaFile { get; }

    /// <summary>HAProxy's <c>crt</c> file: certificate then private key.</summary>
    internal string ServerPemFile { get; }

    public void Dispose()
    {
        _caKey.Dispose();
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
    }

    private X509Certificate2 Issue(string subject, string? dnsName, bool serverAuth, DateTimeOffset now)
    {
        using var rsa = serverAuth ? RSA.Create(2048) : null;
        using var ecdsa = serverAuth ? null : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = rsa is not null
            ? new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, ecdsa!, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (dnsName is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(dnsName);
            request.CertificateExtensions.Add(san.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForRSA(_caKey, RSASignaturePadding.Pkcs1), now, now.AddDays(1), serial);
        return rsa is not null ? issued.CopyWithPrivateKey(rsa) : issued.CopyWithPrivateKey(ecdsa!);
    }
}
