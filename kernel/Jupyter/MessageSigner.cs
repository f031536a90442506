using System.Security.Cryptography;
using System.Text;

namespace Ruchy.Kernel.Jupyter;

/// <summary>
/// HMAC-SHA256 over the exact header, parent, metadata and content frames, as lower-case hex. The
/// key is the UTF-8 bytes of the connection file's <c>key</c> string (not hex-decoded); an empty
/// key means messages are neither signed nor checked (and replays are not detected). Thread-safe:
/// each call has its own hash; the signature history is locked.
/// </summary>
public sealed class MessageSigner
{
    /// <summary>How many received signatures are remembered to refuse replays (jupyter_client's Session keeps 2^16 too).</summary>
    public const int DefaultHistorySize = 1 << 16;

    private readonly byte[] _key;
    private readonly int _historySize;
    // Signatures of received messages, oldest first: a window of the last _historySize, so memory stays bounded.
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public MessageSigner(string key, int historySize = DefaultHistorySize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(historySize, 1);
        _key = Encoding.UTF8.GetBytes(key);
        _historySize = historySize;
    }

    public bool Enabled => _key.Length > 0;

    /// <summary>The signature frame's text for these four frames ("" when signing is off).</summary>
    public string Sign(byte[] header, byte[] parent, byte[] metadata, byte[] content)
    {
        if (!Enabled) return "";
        return Convert.ToHexStringLower(Digest(header, parent, metadata, content));
    }

    /// <summary>True when <paramref name="signature"/> matches the frames; compares in constant time so a forger learns nothing from timing.</summary>
    public bool Verify(ReadOnlySpan<byte> signature, byte[] header, byte[] parent, byte[] metadata, byte[] content)
    {
        if (!Enabled) return true;
        // 64 hex digits for 32 bytes; anything else (including the empty "unsigned" frame) fails.
        if (signature.Length != 64) return false;
        Span<byte> received = stackalloc byte[32];
        for (int i = 0; i < 32; i++)
        {
            int hi = HexValue(signature[2 * i]), lo = HexValue(signature[2 * i + 1]);
            if (hi < 0 || lo < 0) return false;
            received[i] = (byte)(hi << 4 | lo);
        }
        return CryptographicOperations.FixedTimeEquals(received, Digest(header, parent, metadata, content));
    }

    /// <summary>
    /// Records the signature of a received, verified message; false when it was seen within the history
    /// window: a captured message sent again (a replay) would otherwise run again. Always true without a key.
    /// </summary>
    public bool RecordReceived(ReadOnlySpan<byte> signature)
    {
        if (!Enabled) return true;
        string digest = Encoding.ASCII.GetString(signature).ToLowerInvariant();
        lock (_seen)
        {
            if (!_seen.Add(digest)) return false;
            _order.Enqueue(digest);
            if (_order.Count > _historySize) _seen.Remove(_order.Dequeue());
            return true;
        }
    }

    private byte[] Digest(byte[] header, byte[] parent, byte[] metadata, byte[] content)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(header);
        hmac.AppendData(parent);
        hmac.AppendData(metadata);
        hmac.AppendData(content);
        return hmac.GetHashAndReset();
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
