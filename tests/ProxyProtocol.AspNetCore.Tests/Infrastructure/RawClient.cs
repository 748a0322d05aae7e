using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProxyProtocol.AspNetCore.Tests.Infrastructure;

/// <summary>Raw socket exchanges with the test app (<see cref="RawTcp"/> with this project's time bound).</summary>
internal static class RawClient
{
    internal static readonly TimeSpan ExchangeTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Sends the bytes (in one write, or one byte per write) and reads until the server closes; a server that
    /// resets the connection while it is being opened or written to has closed it.</summary>
    internal static Task<string> ExchangeAsync(IPEndPoint endPoint, byte[] bytes, bool byteAtATime = false) =>
        RawTcp.ExchangeAsync(endPoint, bytes, ExchangeTimeout, byteAtATime);

    /// <summary>Reads until the peer closes (FIN or reset); throws when it stays open past <see cref="ExchangeTimeout"/>.</summary>
    internal static async Task<string> ReadToEndAsync(Socket socket) =>
        Encoding.UTF8.GetString(await RawTcp.ReadToCloseAsync(socket, ExchangeTimeout) ?? throw new TimeoutException($"still open after {ExchangeTimeout}"));
}
