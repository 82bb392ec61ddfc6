using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Asobi.Node.Realtime.Upgrade;

/// <summary>
/// Checks a text message's UTF-8 as it arrives in pieces (RFC 6455 §8.1): a character may be split across frames or
/// reads, so up to three bytes of an unfinished one are carried to the next piece.
/// </summary>
public struct Utf8Validator
{
    private int carried; // bytes of an unfinished character, packed low byte first
    private int carriedCount;

    public void Reset()
    {
        carried = 0;
        carriedCount = 0;
    }

    /// <summary>False when the bytes so far cannot be UTF-8, or when <paramref name="final"/> and a character is unfinished.</summary>
    public bool Append(ReadOnlySpan<byte> piece, bool final)
    {
        if (carriedCount > 0)
        {
            // Finish the carried character with the first bytes of this piece.
            Span<byte> joined = stackalloc byte[4];
            for (var i = 0; i < carriedCount; i++)
            {
                joined[i] = (byte)(carried >> (8 * i));
            }

            var take = Math.Min(4 - carriedCount, piece.Length);
            piece[..take].CopyTo(joined[carriedCount..]);
            var status = Rune.DecodeFromUtf8(joined[..(carriedCount + take)], out _, out var consumed);
            if (status == OperationStatus.InvalidData)
            {
                return false;
            }

            if (status == OperationStatus.NeedMoreData)
            {
                // Still unfinished: the whole piece was shorter than the rest of the character.
                Carry(joined[..(carriedCount + take)]);
                return !final;
            }

            piece = piece[(consumed - carriedCount)..];
            Reset();
        }

        if (Utf8.IsValid(piece))
        {
            return true;
        }

        // Invalid as a whole: either truly invalid, or it ends inside a character. Find where the last one starts.
        var tailStart = piece.Length - 1;
        while (tailStart > 0 && piece.Length - tailStart < 4 && (piece[tailStart] & 0xC0) == 0x80)
        {
            tailStart--;
        }

        if (!Utf8.IsValid(piece[..tailStart]))
        {
            return false;
        }

        var tail = piece[tailStart..];
        var tailStatus = Rune.DecodeFromUtf8(tail, out _, out var tailConsumed);
        if (tailStatus == OperationStatus.NeedMoreData && !final)
        {
            Carry(tail);
            return true;
        }

        return tailStatus == OperationStatus.Done && tailConsumed == tail.Length;
    }

    /// <summary>True when no character is left unfinished.</summary>
    public readonly bool IsComplete => carriedCount == 0;

    private void Carry(ReadOnlySpan<byte> bytes)
    {
        carried = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            carried |= bytes[i] << (8 * i);
        }

        carriedCount = bytes.Length;
    }
}
