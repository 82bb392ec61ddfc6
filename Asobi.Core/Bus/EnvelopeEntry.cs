namespace Asobi.Bus;

/// <summary>One decoded entry of a payload: an event, or the id of an overflow row that holds one.</summary>
internal readonly record struct EnvelopeEntry(string Topic, string Data, long? OverflowId)
{
    public static EnvelopeEntry Event(string topic, string data) => new(topic, data, null);

    public static EnvelopeEntry Reference(long overflowId) => new("", "", overflowId);
}
