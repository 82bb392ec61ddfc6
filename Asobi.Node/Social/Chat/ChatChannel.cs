using System.Text.RegularExpressions;

namespace Asobi.Node.Social.Chat;

public enum ChannelKind
{
    Global,
    Room,
    Match,
    Dm,
}

/// <summary>A parsed channel id: <c>global:&lt;name&gt;</c>, <c>room:&lt;group_id&gt;</c>, <c>match:&lt;match_id&gt;</c>, <c>dm:&lt;lower&gt;:&lt;higher&gt;</c>.</summary>
public sealed partial record ChatChannel(ChannelKind Kind, string Id, string Target, Guid GroupId = default, Guid Low = default, Guid High = default)
{
    public const int MaxIdLength = 128;

    public static bool TryParse(string? id, out ChatChannel channel)
    {
        channel = null!;
        if (id is null || id.Length > MaxIdLength)
        {
            return false;
        }

        var colon = id.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        var target = id[(colon + 1)..];
        switch (id[..colon])
        {
            case "global" when Name().IsMatch(target):
                channel = new ChatChannel(ChannelKind.Global, id, target);
                return true;
            case "match" when Name().IsMatch(target):
                channel = new ChatChannel(ChannelKind.Match, id, target);
                return true;
            case "room" when Guid.TryParseExact(target, "D", out var group) && target == group.ToString("D"):
                channel = new ChatChannel(ChannelKind.Room, id, target, GroupId: group);
                return true;
            case "dm":
                var parts = target.Split(':');
                if (parts.Length == 2 && Guid.TryParseExact(parts[0], "D", out var a) && Guid.TryParseExact(parts[1], "D", out var b)
                    && a != b && id == Dm(a, b).Id)
                {
                    channel = Dm(a, b);
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>The one DM channel of two players: ids in lower-case canonical form, ordinally lower first.</summary>
    public static ChatChannel Dm(Guid x, Guid y)
    {
        var (sx, sy) = (x.ToString("D"), y.ToString("D"));
        var (low, high) = string.CompareOrdinal(sx, sy) < 0 ? (x, y) : (y, x);
        var target = $"{low:D}:{high:D}";
        return new ChatChannel(ChannelKind.Dm, "dm:" + target, target, Low: low, High: high);
    }

    public static ChatChannel Room(Guid groupId) => new(ChannelKind.Room, $"room:{groupId:D}", groupId.ToString("D"), GroupId: groupId);

    /// <summary>The other player of a DM channel.</summary>
    public Guid Other(Guid player) => player == Low ? High : Low;

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex Name();
}
