namespace Asobi.Bench.Bus;

/// <summary>Wall-clock microseconds, the unit the bus stamps events with; both processes share the clock.</summary>
internal static class UnixMicros
{
    public static long Now() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
}
