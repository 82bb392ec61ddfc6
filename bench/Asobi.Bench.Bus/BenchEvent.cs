using System.Globalization;

namespace Asobi.Bench.Bus;

/// <summary>A chat-sized event (about 90 bytes of JSON) whose sequence number lets the receiver check order.</summary>
internal static class BenchEvent
{
    private const string Prefix = "{\"seq\":";

    public static string Data(long seq) => string.Create(CultureInfo.InvariantCulture,
        $"{Prefix}{seq},\"room\":\"room-{seq % 97}\",\"player\":\"p-{seq % 10_007}\",\"text\":\"gg, well played! see you next match\"}}");

    public static long SequenceOf(string data)
    {
        var end = data.IndexOf(',', Prefix.Length);
        return long.Parse(data.AsSpan(Prefix.Length, end - Prefix.Length), CultureInfo.InvariantCulture);
    }
}
