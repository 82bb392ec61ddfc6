using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Asobi.Node.Realtime.Upgrade;

/// <summary>
/// Reads a WebSocket upgrade request for <c>/ws</c> straight from a connection's bytes (RFC 6455 §4.2.1). Anything
/// that is not a plain, valid upgrade is reported as <see cref="UpgradeParse.NotOurs"/> and left to the HTTP stack,
/// which answers it exactly as before.
/// </summary>
public static class UpgradeRequest
{
    /// <summary>Largest request head handled here; bigger ones go to the HTTP stack and its own limits.</summary>
    public const int MaxHeadBytes = 8 * 1024;

    private static ReadOnlySpan<byte> Prefix => "GET /ws"u8;

    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    private static ReadOnlySpan<byte> KeyGuid => "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8;

    /// <summary>Decides from the bytes received so far; <paramref name="headLength"/> is set for <see cref="UpgradeParse.Upgrade"/>.</summary>
    public static UpgradeParse TryParse(ReadOnlySequence<byte> received, out int headLength, out string? acceptKey)
    {
        headLength = 0;
        acceptKey = null;

        // The first bytes decide whether to look further: most connections are REST calls or TLS.
        var prefixLength = (int)Math.Min(received.Length, Prefix.Length + 1);
        Span<byte> start = stackalloc byte[Prefix.Length + 1];
        received.Slice(0, prefixLength).CopyTo(start);
        if (!Prefix.StartsWith(start[..Math.Min(prefixLength, Prefix.Length)]))
        {
            return UpgradeParse.NotOurs;
        }

        if (prefixLength <= Prefix.Length)
        {
            return UpgradeParse.NeedMore;
        }

        if (start[Prefix.Length] is not ((byte)' ' or (byte)'?'))
        {
            return UpgradeParse.NotOurs; // /wsx, /ws/, …
        }

        var window = received.Length > MaxHeadBytes ? received.Slice(0, MaxHeadBytes) : received;
        var reader = new SequenceReader<byte>(window);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> head, HeadEnd, advancePastDelimiter: true))
        {
            return received.Length >= MaxHeadBytes ? UpgradeParse.NotOurs : UpgradeParse.NeedMore;
        }

        headLength = (int)reader.Consumed;
        acceptKey = ValidateHead(head.IsSingleSegment ? head.FirstSpan : head.ToArray());
        return acceptKey is null ? UpgradeParse.NotOurs : UpgradeParse.Upgrade;
    }

    /// <summary>The <c>Sec-WebSocket-Accept</c> value for a valid upgrade head, or null.</summary>
    private static string? ValidateHead(ReadOnlySpan<byte> head)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        var requestLine = lineEnd < 0 ? head : head[..lineEnd];
        if (!requestLine.EndsWith(" HTTP/1.1"u8) || requestLine.IndexOf((byte)' ') != 3 ||
            requestLine[4..^9].IndexOf((byte)' ') >= 0)
        {
            return null;
        }

        bool upgrade = false, connection = false, version = false, host = false;
        string? key = null;
        var rest = lineEnd < 0 ? [] : head[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[0] is (byte)' ' or (byte)'\t')
            {
                return null; // malformed or folded: let the HTTP stack answer it
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "upgrade"u8))
            {
                upgrade = HasToken(value, "websocket"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                connection = HasToken(value, "upgrade"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "sec-websocket-version"u8))
            {
                version = value.SequenceEqual("13"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "sec-websocket-key"u8))
            {
                key = IsNonce(value) ? Encoding.ASCII.GetString(value) : null;
                if (key is null)
                {
                    return null;
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "host"u8))
            {
                host = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "content-length"u8) || Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                return null; // a GET with a body is not a plain upgrade
            }
        }

        return upgrade && connection && version && host && key is not null ? AcceptFor(key) : null;
    }

    /// <summary>base64(SHA-1(key + the RFC's GUID)).</summary>
    public static string AcceptFor(string key)
    {
        Span<byte> input = stackalloc byte[key.Length + KeyGuid.Length];
        Encoding.ASCII.GetBytes(key, input);
        KeyGuid.CopyTo(input[key.Length..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
#pragma warning disable CA5350 // RFC 6455 fixes SHA-1 here; it proves the server read the key, not a secret
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        return Convert.ToBase64String(hash);
    }

    private static bool HasToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        foreach (var range in value.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(value[range].Trim(" \t"u8), token))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The key must be base64 of 16 bytes (24 characters).</summary>
    private static bool IsNonce(ReadOnlySpan<byte> value)
    {
        Span<byte> decoded = stackalloc byte[18];
        return value.Length == 24 && Convert.TryFromBase64Chars(Encoding.ASCII.GetString(value), decoded, out var n) && n == 16;
    }
}
