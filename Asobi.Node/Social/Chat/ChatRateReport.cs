using System.Globalization;
using System.Text;

namespace Asobi.Node.Social.Chat;

/// <summary>
/// The wire form of send reports between nodes: entries separated by <c>,</c>, each a kind letter and a player id
/// (32 hex digits): <c>h&lt;id&gt;</c> "this player just connected here", <c>a&lt;id&gt;</c> "I hold them too",
/// <c>c&lt;id&gt;:&lt;n&gt;</c> "they sent n messages here since my last report".
/// </summary>
public static class ChatRateReport
{
    public const char Hello = 'h';
    public const char Ack = 'a';
    public const char Count = 'c';

    /// <summary>Longest entry: kind, 32 hex digits, a colon and a 32-bit count.</summary>
    public const int MaxEntryLength = 1 + 32 + 1 + 10;

    public static void Append(StringBuilder to, char kind, Guid player, int count = 0)
    {
        if (to.Length > 0)
        {
            to.Append(',');
        }

        to.Append(kind).Append(player.ToString("N"));
        if (kind == Count)
        {
            to.Append(':').Append(count.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The well-formed entries of a report; malformed ones are skipped.</summary>
    public static List<(char Kind, Guid Player, int Count)> Parse(string data)
    {
        var entries = new List<(char, Guid, int)>();
        var span = data.AsSpan();
        foreach (var range in span.Split(','))
        {
            var entry = span[range];
            if (entry.Length < 33 || !Guid.TryParseExact(entry.Slice(1, 32), "N", out var player))
            {
                continue;
            }

            switch (entry[0])
            {
                case Hello or Ack when entry.Length == 33:
                    entries.Add((entry[0], player, 0));
                    break;
                case Count when entry.Length > 34 && entry[33] == ':'
                    && int.TryParse(entry[34..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                    entries.Add((Count, player, n));
                    break;
            }
        }

        return entries;
    }
}
