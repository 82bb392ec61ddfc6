using System.Diagnostics.Metrics;

namespace Asobi.Bench.Bus;

/// <summary>Mean of <c>asobi.bus.batch.size</c> (events per NOTIFY) for one host's bus.</summary>
internal sealed class BatchSizeMeter : IDisposable
{
    private readonly MeterListener listener = new();
    private long payloads;
    private long events;

    public BatchSizeMeter(IMeterFactory scope)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == scope && instrument.Name == "asobi.bus.batch.size")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
        {
            Interlocked.Increment(ref payloads);
            Interlocked.Add(ref events, value);
        });
        listener.Start();
    }

    public double MeanEventsPerPayload => payloads == 0 ? 0 : (double)Interlocked.Read(ref events) / Interlocked.Read(ref payloads);

    public void Dispose() => listener.Dispose();
}
