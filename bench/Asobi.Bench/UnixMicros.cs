namespace Asobi.Bench;

/// <summary>Wall-clock microseconds: sender and receivers share the machine's clock (the Colyseus script uses the same).</summary>
internal static class UnixMicros
{
    public static long Now() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
}
