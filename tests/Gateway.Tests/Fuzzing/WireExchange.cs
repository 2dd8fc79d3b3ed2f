using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>Sends a <see cref="WireRequest"/> on a fresh TCP connection to Kestrel and parses the HTTP/1.1 answer by hand.</summary>
public static class WireExchange
{
    public static async Task<HostileExchange.Outcome> Send(IPEndPoint server, WireRequest wire)
    {
        var clock = Stopwatch.StartNew();
        using var cancel = new CancellationTokenSource(HostileExchange.Timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(server, cancel.Token);
            try
            {
                await socket.SendAsync(wire.Bytes, SocketFlags.None, cancel.Token);
                if (wire.HalfClose)
                {
                    socket.Shutdown(SocketShutdown.Send);
                }
            }
            catch (SocketException)
            {
                // The server may answer (431, 413) and close before it read everything: the answer is still there to read.
            }

            var answer = new MemoryStream();
            var buffer = new byte[16 * 1024];
            try
            {
                for (int read; (read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token)) > 0;)
                {
                    answer.Write(buffer, 0, read);
                }
            }
            catch (SocketException) when (answer.Length > 0)
            {
                // A reset after the answer (the server closed with unread bytes pending): the answer counts.
            }

            return Judge(wire, answer.ToArray(), clock.Elapsed);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return new HostileExchange.Outcome(0, $"no answer within {HostileExchange.Timeout.TotalSeconds} s (a hang)", clock.Elapsed);
        }
        catch (SocketException e)
        {
            return new HostileExchange.Outcome(0, wire.HalfClose ? null : $"no answer: the connection failed ({e.SocketErrorCode})", clock.Elapsed);
        }
    }

    private static HostileExchange.Outcome Judge(WireRequest wire, byte[] answer, TimeSpan took)
    {
        answer = WithoutInterimAnswers(answer);
        var text = Encoding.Latin1.GetString(answer);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var statusLine = text.Split("\r\n", 2)[0].Split(' ');
        if (end < 0 || statusLine.Length < 2 || !int.TryParse(statusLine[1], out var status))
        {
            // A client that abandoned its body may just be hung up on.
            return new HostileExchange.Outcome(0, wire.HalfClose && answer.Length == 0 ? null : $"no HTTP answer: '{text[..Math.Min(200, text.Length)]}'", took);
        }

        var headers = text[..end].Split("\r\n").Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = answer[(end + 4)..];
        if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }
        else if (headers.TryGetValue("Content-Length", out var length) && int.TryParse(length, out var n) && n <= body.Length)
        {
            body = body[..n];
        }

        if (status == wire.ProtocolStatus && body.Length == 0)
        {
            return new HostileExchange.Outcome(status, null, took);
        }

        return new HostileExchange.Outcome(status, HostileExchange.Judge(wire.Request, status, headers.GetValueOrDefault("Content-Type"), body, emptyErrorsAllowed: true), took);
    }

    /// <summary>
    /// Drops the "100 Continue" Kestrel sends before it reads the body of a request that says "Expect: 100-continue":
    /// the final answer follows it, and when the body then stops arriving the connection may be reset before that
    /// answer is read (the test judged the 100 itself as the answer, once in a thousand cases).
    /// </summary>
    private static byte[] WithoutInterimAnswers(byte[] answer)
    {
        while (answer.Length > 12 && Encoding.ASCII.GetString(answer, 0, 10) is "HTTP/1.1 1" or "HTTP/1.0 1")
        {
            var end = answer.AsSpan().IndexOf("\r\n\r\n"u8);
            if (end < 0)
            {
                break;
            }

            answer = answer[(end + 4)..];
        }

        return answer;
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        var body = new List<byte>();
        var at = 0;
        while (at < chunked.Length)
        {
            var lineEnd = Array.IndexOf(chunked, (byte)'\n', at);
            if (lineEnd < 0 || !int.TryParse(Encoding.ASCII.GetString(chunked, at, lineEnd - at).Trim().Split(';')[0],
                    System.Globalization.NumberStyles.HexNumber, null, out var size) || size == 0)
            {
                break;
            }

            body.AddRange(chunked.AsSpan(lineEnd + 1, Math.Min(size, chunked.Length - lineEnd - 1)).ToArray());
            at = lineEnd + 1 + size + 2;
        }

        return [.. body];
    }
}
