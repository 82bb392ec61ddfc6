namespace Asobi.Bench.Bus;

/// <summary>One configuration: batching on or off, and an offered rate (null: saturation).</summary>
internal sealed record TrialConfig(bool Batching, int? Rate)
{
    public string RateLabel => Rate is { } r ? $"{r:N0}/s" : "max";

    public override string ToString() => $"batching {(Batching ? "on" : "off")}, {RateLabel}";
}

/// <summary>One measured trial.</summary>
internal sealed record TrialResult(
    TrialConfig Config,
    int Trial,
    long Accepted,
    long Rejected,
    ReceiverResult Received,
    long StartedAt,
    double EventsPerPayload)
{
    /// <summary>Events delivered per second, from the first publish to the last delivery.</summary>
    public double DeliveredPerSecond => Received.Count / Math.Max(1e-6, (Received.LastAt - StartedAt) / 1e6);

    public long Lost => Accepted - Received.Count;
}
