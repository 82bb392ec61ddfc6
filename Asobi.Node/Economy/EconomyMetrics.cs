using System.Diagnostics.Metrics;

namespace Asobi.Node.Economy;

/// <summary>Economy instruments (meter <c>Asobi.Economy</c>), exported with the service defaults.</summary>
public sealed class EconomyMetrics
{
    public const string MeterName = "Asobi.Economy";

    private readonly Counter<long> mutations;

    public EconomyMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        mutations = meter.CreateCounter<long>("asobi.economy.mutations",
            description: "Wallet and inventory changes by operation (grant, debit, purchase, consume) and outcome");
    }

    public Mutation Count(string operation, Mutation result)
    {
        mutations.Add(1, new KeyValuePair<string, object?>("operation", operation),
            new KeyValuePair<string, object?>("status", result.Status.ToString().ToLowerInvariant()));
        return result;
    }
}
