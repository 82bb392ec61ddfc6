namespace Asobi.Node.Matches.Relay;

/// <summary>
/// Bus topics between a match's host and the nodes that relay its players. Each node subscribes to its own two
/// topics only, so an event is handled on the one node it names.
/// </summary>
public static class RelayTopics
{
    /// <summary>Relaying node → host: seat, input, leave, disconnect (<see cref="RelayCommand"/>).</summary>
    public static string ToHost(string hostNodeId) => "match.relay.host:" + hostNodeId;

    /// <summary>Host → relaying node: the frames of one match for the players it relays (<see cref="RelayBatch"/>).</summary>
    public static string ToRelay(string relayNodeId) => "match.relay.seats:" + relayNodeId;
}
